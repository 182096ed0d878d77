package parse

import (
	"strconv"
	"strings"

	"github.com/hserr/hserr/internal/model"
)

// isFrameLine reports whether s starts like a frame line: a frame letter
// followed by two spaces, or "J <id>" / "A <id>".
func isFrameLine(s string) bool {
	if len(s) < 3 {
		return false
	}
	switch s[0] {
	case 'C', 'V', 'j', 'v':
		return s[1] == ' ' && s[2] == ' '
	case 'J', 'A':
		return s[1] == ' ' && (s[2] == ' ' || isDigit(s[2]))
	}
	return false
}

// parseFrame decodes one frame line (frame::print_on_error, all versions;
// hs_err-format.md §5.4). It never fails: what it cannot decode stays in Text.
func parseFrame(s string, n int) model.Frame {
	f := model.Frame{Line: model.Line{N: n, Text: s}}
	if s == "" {
		return f
	}
	f.Kind = s[:1]
	rest := strings.TrimSpace(s[1:])
	rest, f.Source = splitSource(rest)
	switch f.Kind {
	case "C", "V":
		parseNativeFrame(&f, rest)
	case "j":
		parseInterpretedFrame(&f, rest)
	case "J", "A":
		parseCompiledFrame(&f, rest)
	case "v":
		parseStubFrame(&f, rest)
	}
	return f
}

// splitSource removes a trailing "  (file.cpp:123)" or "  (no source info available)".
func splitSource(s string) (string, string) {
	i := strings.LastIndex(s, "  (")
	if i < 0 || !strings.HasSuffix(s, ")") {
		return s, ""
	}
	src := s[i+3 : len(s)-1]
	if src == "no source info available" || (strings.Contains(src, ":") && !strings.Contains(src, " ")) {
		return strings.TrimSpace(s[:i]), src
	}
	return s, ""
}

func parseNativeFrame(f *model.Frame, rest string) {
	if strings.HasPrefix(rest, "[") {
		end := strings.IndexByte(rest, ']')
		if end < 0 {
			f.Library = rest[1:]
			return
		}
		lib := rest[1:end]
		if i := strings.LastIndex(lib, "+0x"); i >= 0 {
			if v, ok := hexVal(lib[i+1:]); ok {
				f.LibOffset, f.HasLibOffset = v, true
				lib = lib[:i]
			}
		}
		f.Library = lib
		rest = strings.TrimSpace(rest[end+1:])
	} else if v, tail, ok := leadingHex(rest); ok {
		f.Address, f.HasAddress = v, true
		rest = strings.TrimSpace(tail)
	}
	if rest == "" {
		return
	}
	sym := rest
	if i := strings.LastIndex(sym, "+0x"); i >= 0 {
		if v, ok := hexVal(sym[i+1:]); ok {
			f.SymOffset, f.HasSymOffset = v, true
			sym = sym[:i]
		}
	}
	f.Symbol = sym
}

func parseInterpretedFrame(f *model.Frame, rest string) {
	if v, tail, ok := leadingHex(rest); ok && tail == "" {
		f.Address, f.HasAddress = v, true
		return
	}
	method, module, _ := cut(rest, " ")
	f.Module = strings.TrimSpace(module)
	if i := strings.LastIndexByte(method, '+'); i >= 0 {
		if bci, err := strconv.Atoi(method[i+1:]); err == nil {
			f.BCI, f.HasBCI = bci, true
			method = method[:i]
		}
	}
	f.Method = method
}

var compilers = map[string]bool{"C1": true, "C2": true, "c1": true, "c2": true, "jvmci": true, "JVMCI": true}

func parseCompiledFrame(f *model.Frame, rest string) {
	if v, tail, ok := leadingHex(rest); ok && tail == "" {
		f.Address, f.HasAddress = v, true
		return
	}
	// "[0x<begin>+0x<off>]"
	if i := strings.LastIndex(rest, " ["); i >= 0 && strings.HasSuffix(rest, "]") {
		body := rest[i+2 : len(rest)-1]
		if b, off, ok := cut(body, "+"); ok {
			f.CodeBegin, _ = hexVal(b)
			f.CodeOffset, _ = hexVal(off)
		}
		rest = rest[:i]
	}
	// "@ 0x<pc>"
	if i := strings.LastIndex(rest, " @ "); i >= 0 {
		if v, ok := hexVal(strings.TrimSpace(rest[i+3:])); ok {
			f.Address, f.HasAddress = v, true
		}
		rest = rest[:i]
	}
	// "(N bytes)"
	if i := strings.LastIndex(rest, " ("); i >= 0 && strings.HasSuffix(rest, " bytes)") {
		f.CodeSize, _ = strconv.Atoi(strings.TrimSuffix(rest[i+2:], " bytes)"))
		rest = rest[:i]
	}
	// "<id>[%] <compiler> <method> <module@version>", each part optional
	field, rest := nextField(rest)
	if field != "" && isDigit(field[0]) {
		id := field
		if strings.HasSuffix(id, "%") {
			f.OSR = true
			id = strings.TrimSuffix(id, "%")
		}
		f.CompileID = id
		field, rest = nextField(rest)
	}
	if field != "" && compilers[field] {
		f.Compiler = field
		field, rest = nextField(rest)
	}
	if field != "" {
		f.Method = field
		field, _ = nextField(rest)
	}
	if field != "" && strings.Contains(field, "@") {
		f.Module = field
	}
}

func parseStubFrame(f *model.Frame, rest string) {
	fields := strings.Fields(rest)
	if len(fields) == 0 {
		return
	}
	last := fields[len(fields)-1]
	if v, ok := hexVal(last); ok && strings.HasPrefix(last, "0x") {
		f.Address, f.HasAddress = v, true
		fields = fields[:len(fields)-1]
	}
	f.Stub = strings.Join(fields, " ")
}
