package rules

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/hserr/hserr/internal/model"
)

// A failed native request can be the JVM's own heap: with -Xms the whole
// initial heap is committed at start-up, so a host that cannot give that
// much fails the JVM before it runs any code. The log's own numbers say
// so: the request equals -Xms, and the elapsed time is seconds.

// startupWindow is how long after launch a failure still counts as the
// start-up commit of the heap.
const startupWindow = 10.0 // seconds

// initialHeap is -Xms / -XX:InitialHeapSize= (the last wins), else the
// InitialHeapSize global flag.
func initialHeap(l *model.Log) initialHeapSize {
	var h initialHeapSize
	for _, a := range l.Process.VMArguments.JVMArgs {
		for _, pre := range []string{"-Xms", "-XX:InitialHeapSize="} {
			if v, ok := strings.CutPrefix(a, pre); ok {
				if b, ok := parseSize(v); ok {
					h.Bytes, h.Arg = b, a
				}
			}
		}
	}
	if h.Arg != "" {
		h.Line, h.Has = l.Process.VMArguments.JVMArgsLine, true
		return h
	}
	for _, f := range l.Process.Flags {
		if f.Name == "InitialHeapSize" {
			if b, err := strconv.ParseUint(f.Value, 10, 64); err == nil {
				return initialHeapSize{Bytes: b, Line: model.Line{N: f.Line, Text: f.Text}, Arg: "InitialHeapSize=" + f.Value, Has: true}
			}
		}
	}
	return h
}

// initialHeapSize is the initial heap and where the log sets it.
type initialHeapSize struct {
	Bytes uint64
	Line  model.Line
	Arg   string // "-Xms4g", "InitialHeapSize=4294967296"
	Has   bool
}

// heapAtStartup explains a failed request that is the initial heap, and
// returns the remedies that fit it, first.
func heapAtStartup(p *Pass, o *OOM) (why []string, ev []model.Line, remedy []string, ok bool) {
	l := p.Log
	xms, line, arg := o.Initial.Bytes, o.Initial.Line, o.Initial.Arg
	if !o.Initial.Has || o.Bytes == 0 || o.Bytes != xms {
		return nil, nil, nil, false
	}
	ev = append(ev, line)
	s := fmt.Sprintf("The failed request, %s, is exactly the initial heap %s (line %d): the JVM commits the whole -Xms heap when it starts", gib(o.Bytes), arg, line.N)
	if sm := l.Summary; sm.HasElapsed && sm.Elapsed < startupWindow {
		ev = append(ev, sm.Time)
		s += fmt.Sprintf(", and it failed %.0f seconds after launch (line %d), before running any application code", sm.Elapsed, sm.Time.N)
	}
	why = append(why, s+".")
	remedy = append(remedy, fmt.Sprintf("Lower -Xms (the heap can still grow to -Xmx later), or make %s of memory available when the JVM starts.", gib(o.Bytes)))
	if jc := l.Process.VMArguments.JavaCommand; strings.Contains(jc.Text, "org.apache.catalina.startup.Bootstrap") && strings.Contains(jc.Text, " stop") {
		ev = append(ev, jc)
		why = append(why, fmt.Sprintf("The process is Tomcat's stop command (line %d): a short-lived JVM that only sends the shutdown message, started with the server's heap flags, which it inherits when they are set in JAVA_OPTS.", jc.N))
		remedy = append([]string{"Move the server's heap flags (-Xms/-Xmx) from JAVA_OPTS to CATALINA_OPTS (setenv.sh), which only `catalina.sh start`/`run` read, so `stop` starts a small JVM."}, remedy...)
	}
	return why, ev, remedy, true
}
