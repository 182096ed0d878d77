package parse

import "strings"

// foreignMarkers are lines that only other runtimes' crash reports contain.
var foreignMarkers = []struct{ text, runtime string }{
	{"1XHEXCPMODULE", "OpenJ9"},
	{"J9Generic_Signal", "OpenJ9"},
	{"JVMDUMP039I", "OpenJ9"},
	{"0SECTION       TITLE subcomponent dump routine", "OpenJ9"},
	{"Unhandled exception", "OpenJ9"},
	{"SubstrateSegfaultHandler", "GraalVM native image"},
	{"Segfault detected, aborting process", "GraalVM native image"},
	{"Fatal signal 11 (SIGSEGV), code", "Android ART"},
	{"*** *** *** *** *** *** *** *** *** *** *** *** *** *** *** ***", "Android tombstone"},
	// macOS's own crash reports of a process (legacy .crash text and the
	// .ips JSON of macOS 12+), which users paste when the JVM left none
	{"Incident Identifier:", "macOS"},
	{"Crashed Thread:", "macOS"},
	{"Binary Images:", "macOS"}, // hs_err says "Dynamic libraries:"
	{`"bug_type":"309"`, "macOS"},
}

// foreign records the first line that marks another runtime's report, so
// the answer can say what the file is instead of only "not an hs_err log".
func (p *parser) foreign(s string) {
	for _, m := range foreignMarkers {
		if strings.Contains(s, m.text) {
			l := p.lineOf(s)
			p.log.Parse.Foreign = &l
			p.log.Parse.ForeignRuntime = m.runtime
			return
		}
	}
}
