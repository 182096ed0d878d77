package parse

import (
	bo "encoding/binary"
	"math/rand"
	"strings"
	"testing"
	"unicode/utf16"
)

// Texts that are not crash logs, though they have '#' lines or headings a
// report has too ("Host:", "OS:", "Memory:"). Each must be "unknown" (or,
// for another runtime's report, "foreign"): hserr explain exits 2 and
// triage skips them. On the old parser every text with a '#' line was
// "console" and the others with a heading "fragment".
var notCrashLogs = map[string]string{
	"shell script":      "#!/bin/sh\n# Start the service.\n#  SIGTERM (15) stops it cleanly\nset -e\nexec java -jar app.jar \"$@\"\n",
	"README":            "# hserr\n\nExplains JVM crash logs.\n\n## Install\n\n    go install ./cmd/hserr\n\n# Usage\n\nHost: any\nOS: Linux, macOS, Windows\n",
	"config file":       "# server settings\nHost: example.org\nTime: 10s\nMemory: 4G\nOS: linux\n[section]\nkey = value\n",
	"yaml":              "# deployment\napiVersion: apps/v1\nkind: Deployment\n# replicas\nspec:\n  replicas: 3\n",
	"http request":      "GET / HTTP/1.1\nHost: example.org\nUser-Agent: curl/8.0\nAccept: */*\n",
	"python traceback":  "Traceback (most recent call last):\n  File \"x.py\", line 1, in <module>\n    main()\nZeroDivisionError: division by zero\n",
	"go panic":          "panic: runtime error: invalid memory address or nil pointer dereference\n[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x47d]\n\ngoroutine 1 [running]:\nmain.main()\n\t/tmp/x.go:5 +0x1d\nexit status 2\n",
	"openj9 javacore":   "0SECTION       TITLE subcomponent dump routine\n1TICHARSET     UTF-8\n1TISIGINFO     Dump Event \"gpf\" (00002000) received\n1XHEXCPMODULE  Module: /opt/java/lib/libj9jit29.so\n",
	"android tombstone": "*** *** *** *** *** *** *** *** *** *** *** *** *** *** *** ***\nBuild fingerprint: 'google/x'\nFatal signal 11 (SIGSEGV), code 1, fault addr 0x0\n",
	"markdown quote":    "> # Heading quoted from a mail\n> some text\n\nreply\n",
}

func TestNonCrashTextsAreNotCrashLogs(t *testing.T) {
	inputs := map[string]string{}
	for name, text := range notCrashLogs {
		inputs[name] = text
		inputs[name+" (UTF-16LE)"] = string(encodeUTF16(text, bo.LittleEndian, true))
	}
	rng := rand.New(rand.NewSource(16))
	junk := make([]byte, 1<<20)
	rng.Read(junk)
	// random bytes with '#' lines among them (a megabyte was "console")
	for i := 4096; i < len(junk); i += 4096 {
		copy(junk[i:], "\n# x\n")
	}
	inputs["random bytes"] = string(junk)
	for name, in := range inputs {
		l := ParseString(in)
		want := kindUnknown
		if strings.Contains(name, "openj9") || strings.Contains(name, "tombstone") {
			want = kindForeign
		}
		if l.Parse.Kind != want {
			t.Errorf("%s: kind %q, want %q (notes %q)", name, l.Parse.Kind, want, l.Parse.Notes)
		}
	}
}

// Real headers are still read: console output, and the same pasted as a
// mail quote.
func TestPastedHeadersStillRead(t *testing.T) {
	full := string(readCorpus(t, "krashpad-dataset95.log"))
	header := full[:strings.Index(full, "---------------  S U M M A R Y")]
	quoted := "> " + strings.ReplaceAll(strings.TrimSuffix(header, "\n"), "\n", "\n> ") + "\n"
	for name, in := range map[string]string{"console": "some earlier output\n" + header, "quoted": quoted, "double quoted": strings.ReplaceAll(quoted, "> ", ">> ")} {
		l := ParseString(in)
		if l.Parse.Kind != kindConsole || l.Header.Signal != "SIGSEGV" || l.Header.ProblematicFrame == nil || l.Header.Version.JDK != "25.0.1+8" {
			t.Errorf("%s: kind=%s signal=%s frame=%v jdk=%s", name, l.Parse.Kind, l.Header.Signal, l.Header.ProblematicFrame, l.Header.Version.JDK)
		}
	}
	// a whole report pasted as a quote is the report
	l := ParseString("> " + strings.ReplaceAll(full, "\n", "\n> "))
	plain := ParseString(full)
	if l.Parse.Kind != kindHsErr || len(l.Thread.NativeFrames) != len(plain.Thread.NativeFrames) || len(l.Process.Libraries) != len(plain.Process.Libraries) {
		t.Errorf("quoted report: kind=%s frames=%d libraries=%d", l.Parse.Kind, len(l.Thread.NativeFrames), len(l.Process.Libraries))
	}
}

// UTF-16 input (with a byte-order mark or without, either byte order) is
// decoded: it gives the model its UTF-8 text gives, and says so.
func TestUTF16Decoded(t *testing.T) {
	text := string(readCorpus(t, "krashpad-dataset94.log"))
	want := ParseString(text)
	for name, in := range map[string][]byte{
		"LE with BOM":    encodeUTF16(text, bo.LittleEndian, true),
		"LE without BOM": encodeUTF16(text, bo.LittleEndian, false),
		"BE with BOM":    encodeUTF16(text, bo.BigEndian, true),
		"BE without BOM": encodeUTF16(text, bo.BigEndian, false),
	} {
		l := ParseBytes(in)
		if l.Parse.Kind != want.Parse.Kind || l.Header.Signal != want.Header.Signal ||
			len(l.Thread.NativeFrames) != len(want.Thread.NativeFrames) || len(l.Process.Libraries) != len(want.Process.Libraries) {
			t.Errorf("%s: kind=%s signal=%q frames=%d libraries=%d", name, l.Parse.Kind, l.Header.Signal, len(l.Thread.NativeFrames), len(l.Process.Libraries))
		}
		if !strings.HasPrefix(l.Parse.Encoding, "utf-16") || l.Parse.Bytes != int64(len(in)) || !hasNote(l.Parse.Notes, "UTF-16") {
			t.Errorf("%s: encoding=%q bytes=%d of %d notes=%q", name, l.Parse.Encoding, l.Parse.Bytes, len(in), l.Parse.Notes)
		}
		sameAsStreaming(t, "UTF-16 "+name, in)
	}
}

// encodeUTF16 encodes s, with a byte-order mark when bom is set.
func encodeUTF16(s string, order bo.ByteOrder, bom bool) []byte {
	units := utf16.Encode([]rune(s))
	if bom {
		units = append([]uint16{0xfeff}, units...)
	}
	b := make([]byte, 2*len(units))
	for i, u := range units {
		order.PutUint16(b[2*i:], u)
	}
	return b
}

func hasNote(notes []string, part string) bool {
	for _, n := range notes {
		if strings.Contains(n, part) {
			return true
		}
	}
	return false
}

// Every generic heading is one of the table's: a typo would make a generic
// heading count as evidence.
func TestGenericHeadingsAreHeadings(t *testing.T) {
	prefixes := map[string]bool{}
	for _, h := range headings {
		prefixes[h.prefix] = true
	}
	for g := range genericHeadings {
		if !prefixes[g] {
			t.Errorf("generic heading %q is not in the headings table", g)
		}
	}
}
