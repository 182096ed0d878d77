package rules

import "strings"

// FontTemp recognises temp-font-file-removed: the freetype scaler reading a
// font file's data (a stream read or SIGBUS) under getGlyphImageNative.
// The Java frame alone is krashpad's heuristic; a NULL dereference inside
// freetype is a font-library crash, not a vanished file.
var FontTemp = &Rule{
	Class: "temp-font-file-removed", Doc: "FreetypeFontScaler.getGlyphImageNative with a font-data read fault",
	Requires: []*Fact{SigFact, StackFact},
	Run: func(p *Pass) []Finding {
		st := Get[*Stack](p, StackFact)
		sig := Get[*Sig](p, SigFact)
		if !st.Has("font-temp") {
			return nil
		}
		reading := sig.Name == "SIGBUS" || st.TopHas("memcopy") || strings.Contains(frameText(st.Frames0()), "FT_Stream")
		conf := 0.45
		why := []string{"The Java stack is in sun.font.FreetypeFontScaler.getGlyphImageNative: freetype rendering a glyph from a font file."}
		// A file that vanished under a mapping shows as SIGBUS (truncated)
		// or as the fault in the temp font's own mapping; a plain read
		// fault in freetype is a font-library crash (awt-font-native).
		if reading && sig.Class != AddrNull && sig.Class != AddrNearNull && (sig.Name == "SIGBUS" || tempFontMapping(sig)) {
			conf = 0.75
			why = append(why, "The fault is a read of the font's data ("+strings.TrimSpace(st.Top.FrameText())+"): fonts created with Font.createFont(InputStream) are temp files in java.io.tmpdir, and a tmp cleaner deleting or truncating one leaves freetype reading a file that is gone.")
		} else if reading {
			why = append(why, "The fault is a read in the font code, but the log shows neither a bus error (a truncated file) nor the fault in a temp font's mapping, so a removed file is only a candidate.")
		}
		var ev Ev
		ev.Add(sig.Lines...)
		ev.Add(st.Top.Line, st.FirstTagged("font-temp").Line)
		return []Finding{{Role: RootCause, Confidence: conf, Summary: "The font rasteriser read a temporary font file that was removed or truncated.",
			Explanation: strings.Join(why, "\n"), Evidence: ev.Lines(),
			Remedy: []string{"Exclude the JVM's temp fonts (+~JF*.tmp) and java.io.tmpdir from tmp cleaners (systemd-tmpfiles, cron), or give the JVM a private -Djava.io.tmpdir.",
				"Upgrade the JDK."}}}
	},
}

// tempFontMapping: the fault address lies in a temp font file's mapping
// (+~JF….tmp, the name Font.createFont gives it).
func tempFontMapping(sig *Sig) bool {
	return sig.Mapping != nil && (strings.Contains(sig.Mapping.Path, "+~JF") || strings.HasSuffix(sig.Mapping.Path, ".tmp"))
}
