package parse

import (
	"fmt"
	"os"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"
)

// Adversarial shapes: a log is text anybody can craft, so parsing must grow
// linearly with the input whatever its shape. Each shape is a head and a
// unit repeated n times; it is parsed at 1x, 4x and 16x its base count, and
// the test fails when allocations, bytes allocated or time grow faster than
// the input. Only ratios are compared (never an absolute time): the machine
// may be slow or shared, but a quadratic step still shows as 16x input
// costing far more than 16x time.
//
// go test runs small sizes; bigger ones by hand:
//
//	HSERR_ADVERSARIAL=64 go test ./internal/parse -run Adversarial -v
//
// multiplies every base count by 64 (the marker shape then holds
// 128,000 markers at 1x and 2,048,000 at 16x, about 200 MB).

// shape is an input made of a head and n repetitions of a unit.
type shape struct {
	name string
	head string
	unit func(i int) string // the i-th repetition
	base int                // repetitions at 1x in go test
}

// header is a real-looking report opening, so that the shapes are read as
// hs_err and reach their blocks.
const advHeader = "#\n# A fatal error has been detected by the Java Runtime Environment:\n#\n" +
	"#  SIGSEGV (0xb) at pc=0x00007f0000001000, pid=1, tid=2\n#\n" +
	"# JRE version: OpenJDK Runtime Environment (17.0.7+7) (build 17.0.7+7)\n" +
	"# Java VM: OpenJDK 64-Bit Server VM (17.0.7+7, mixed mode, linux-amd64)\n#\n"

const threadBanner = "---------------  T H R E A D  ---------------\n\n"
const processBanner = "---------------  P R O C E S S  ---------------\n\n"

var advShapes = []shape{
	{name: "markers", head: advHeader + threadBanner, base: 2000, unit: func(i int) string {
		return "[error occurred during error reporting (printing step " + strconv.Itoa(i) +
			"), id 0xb, SIGSEGV (0xb) at pc=0x00007f0000002000]\n"
	}},
	{name: "timeouts", head: advHeader + threadBanner, base: 2000, unit: func(i int) string {
		return "[timeout occurred during error reporting in step \"s" + strconv.Itoa(i) + "\"] after 30 s.\n"
	}},
	{name: "inline-markers", head: advHeader + threadBanner, base: 2000, unit: func(i int) string {
		return "C  [libc.so.6+0x10]  f[error occurred during error reporting (step " + strconv.Itoa(i) + "), id 0xb]\n"
	}},
	{name: "unknown-headings", head: advHeader + processBanner, base: 2000, unit: func(i int) string {
		return "\nHeading " + strconv.Itoa(i) + ":\nsome text\n"
	}},
	{name: "known-headings", head: advHeader + processBanner, base: 1000, unit: func(i int) string {
		return "Heap:\n garbage-first heap\nJava Threads: ( => current thread )\n" +
			"=>0x00007f0000001000 JavaThread \"main\" [_thread_in_vm, id=1, stack(0x1,0x2)]\n" +
			"Native frames:\nC  [libc.so.6+0x10]  f+0x1\nDynamic libraries:\n" +
			"7f0000000000-7f0000001000 r-xp 00000000 08:01 1 /lib/libc.so.6\n\n"
	}},
	{name: "event-logs", head: advHeader + processBanner, base: 2000, unit: func(i int) string {
		return "Events " + strconv.Itoa(i) + " (1 events):\nEvent: 1.0 Thread 0x0000000000000001 x\n\n"
	}},
	{name: "frames", head: advHeader + threadBanner + "Native frames:\n", base: 4000, unit: func(i int) string {
		return "C  [libc.so.6+0x" + strconv.FormatInt(int64(i), 16) + "]  memcpy+0x10\n"
	}},
	{name: "mappings", head: advHeader + processBanner + "Dynamic libraries:\n", base: 4000, unit: func(i int) string {
		return fmt.Sprintf("%012x-%012x r-xp 00000000 08:01 1 /lib/lib%d.so\n", i<<12, (i+1)<<12, i)
	}},
	{name: "no-library-notes", head: advHeader + processBanner + "Dynamic libraries:\n", base: 2000, unit: func(i int) string {
		return "Can not get library information for pid = " + strconv.Itoa(i) + "\n"
	}},
	{name: "registers", head: advHeader + threadBanner + "Registers:\n", base: 2000, unit: func(i int) string {
		return "RAX=0x0000000000000001, RBX=0x0000000000000002, RCX=0x0000000000000003, RDX=0x0000000000000004\n"
	}},
	{name: "wide-registers", head: advHeader + threadBanner + "Registers:\n", base: 200, unit: func(i int) string {
		return "XMM[" + strconv.Itoa(i) + "]=" + strings.Repeat("0x0000000000000001 ", 64) + "\n"
	}},
	{name: "events", head: advHeader + processBanner + "Compilation events (250 events):\n", base: 2000, unit: func(i int) string {
		return "Event: " + strconv.Itoa(i) + ".0 Thread 0x0000000000000001 compiled method\n  continued\n"
	}},
	{name: "event-continuations", head: advHeader + processBanner + "Compilation events (1 events):\nEvent: 1.0 x\n", base: 4000, unit: func(i int) string {
		return " more text of the one event " + strconv.Itoa(i) + "\n"
	}},
	{name: "header-messages", head: advHeader, base: 200, unit: func(i int) string {
		return "#  Error: message " + strconv.Itoa(i) + "\n" + strings.Repeat("continued message text\n", 20)
	}},
	{name: "long-lines", head: advHeader + processBanner + "VM Arguments:\n", base: 8, unit: func(i int) string {
		return "jvm_args: " + strings.Repeat("-Dkey=value ", 8<<10) + "\n"
	}},
	{name: "binary", head: advHeader, base: 2000, unit: func(i int) string {
		return "\x01\x02\x03\x04\x05garbage\x00\n"
	}},
	{name: "concatenated-reports", head: "", base: 200, unit: func(i int) string {
		return advHeader + threadBanner + "Native frames:\nC  [libc.so.6+0x10]  f+0x1\n\n" +
			processBanner + "Dynamic libraries:\n7f0000000000-7f0000001000 r-xp 00000000 08:01 1 /lib/libc.so.6\n\n"
	}},
	{name: "hash-lines", head: "", base: 4000, unit: func(i int) string {
		return "# comment line " + strconv.Itoa(i) + "\n"
	}},
	{name: "env-and-flags", head: advHeader + processBanner, base: 1000, unit: func(i int) string {
		return "Environment Variables:\nVAR" + strconv.Itoa(i) + "=x\n\n[Global flags]\n     intx F" + strconv.Itoa(i) + " = 1 {product} {default}\n\n"
	}},
	{name: "oom-reason-wraps", head: advHeader + "# Possible reasons:\n#   The system is out of physical RAM or swap space\n", base: 2000, unit: func(i int) string {
		return "#     and more of the same wrapped item " + strconv.Itoa(i) + "\n"
	}},
	{name: "java-vm-lines", head: "", base: 2000, unit: func(i int) string {
		return "# Java VM: OpenJDK 64-Bit Server VM (17.0.7+7, mixed mode, sharing, tiered, linux-amd64)\n"
	}},
	{name: "proc-sys-values", head: advHeader + "---------------  S Y S T E M  ---------------\n\n", base: 2000, unit: func(i int) string {
		return "/proc/sys/kernel/threads-max (system-wide limit on the number of threads):\n\u00a0\n"
	}},
	{name: "rlimit-lines", head: advHeader + "---------------  S Y S T E M  ---------------\n\n", base: 2000, unit: func(i int) string {
		return "rlimit (soft/hard): STACK 8192k/infinity , CORE 0k/infinity , NPROC 63448/63448 , NOFILE 1048576/1048576\n"
	}},
	{name: "instructions", head: advHeader + threadBanner, base: 500, unit: func(i int) string {
		return "Instructions: (pc=0x0000000000001000)\n" +
			"0x0000000000001000:   00 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f\n" +
			"0x0000000000001010:   00 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f\n\n"
	}},
}

// build is the shape's input at n repetitions.
func (s shape) build(n int) string {
	var b strings.Builder
	b.WriteString(s.head)
	for i := 0; i < n; i++ {
		b.WriteString(s.unit(i))
	}
	return b.String()
}

// cost is what one parse took.
type cost struct {
	allocs, bytes uint64
	cpu           time.Duration
}

// measure parses in (in memory or streamed) and returns the smallest cost
// of a few runs: the minimum is what the code needs, the rest is noise from
// other processes on the machine.
func measure(in string, streamed bool, runs int) cost {
	best := cost{allocs: ^uint64(0), bytes: ^uint64(0), cpu: 1<<63 - 1}
	for r := 0; r < runs; r++ {
		runtime.GC()
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		start := time.Now()
		if streamed {
			if _, err := Parse(strings.NewReader(in)); err != nil {
				panic(err)
			}
		} else {
			ParseString(in)
		}
		took := time.Since(start)
		runtime.ReadMemStats(&after)
		best.allocs = min(best.allocs, after.Mallocs-before.Mallocs)
		best.bytes = min(best.bytes, after.TotalAlloc-before.TotalAlloc)
		best.cpu = min(best.cpu, took)
	}
	return best
}

// advScale is the factor HSERR_ADVERSARIAL multiplies base counts by.
func advScale(t testing.TB) int {
	v := os.Getenv("HSERR_ADVERSARIAL")
	if v == "" {
		return 1
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 {
		t.Fatalf("HSERR_ADVERSARIAL=%q: want a positive factor", v)
	}
	return n
}

// Growth limits: allocations may grow at most 1.5 times as fast as the
// input, bytes allocated 2.5 times (append doubles a small slice but grows
// a large one by 1.25x, so a list of thousands costs up to 5 times its
// size in copies where one of hundreds costs 2), time 3 times (a loaded
// machine makes the small size look quicker than it is, relatively). A
// quadratic step at 16x costs 256x: far past any of them.
const (
	allocGrowth = 1.5
	bytesGrowth = 2.5
	timeGrowth  = 3.0
)

func TestAdversarialShapesLinear(t *testing.T) {
	scale := advScale(t)
	for _, sh := range advShapes {
		t.Run(sh.name, func(t *testing.T) {
			modes := []bool{false, true} // in memory, streamed
			if testing.Short() {
				modes = modes[:1]
			}
			for _, streamed := range modes {
				checkLinear(t, sh, sh.base*scale, streamed)
			}
		})
	}
}

// checkLinear parses the shape at n, 4n and 16n repetitions and fails when
// cost grows faster than the input.
func checkLinear(t *testing.T, sh shape, n int, streamed bool) {
	t.Helper()
	runs := 3
	if n*16 > 1<<20 {
		runs = 1
	}
	inputs := []string{sh.build(n), sh.build(4 * n), sh.build(16 * n)}
	costs := make([]cost, len(inputs))
	for i, in := range inputs {
		costs[i] = measure(in, streamed, runs)
	}
	body := func(i int) float64 { return float64(len(inputs[i]) - len(sh.head)) }
	mode := map[bool]string{false: "in memory", true: "streamed"}[streamed]
	for i := 1; i < len(inputs); i++ {
		grow := body(i) / body(0)
		ratio := func(a, b uint64) float64 { return float64(a+1) / float64(b+1) }
		if r := ratio(costs[i].allocs, costs[0].allocs); r > grow*allocGrowth {
			t.Errorf("%s: %.0fx input made %.1fx allocations (%d → %d)", mode, grow, r, costs[0].allocs, costs[i].allocs)
		}
		if r := ratio(costs[i].bytes, costs[0].bytes); r > grow*bytesGrowth {
			t.Errorf("%s: %.0fx input allocated %.1fx bytes (%d → %d)", mode, grow, r, costs[0].bytes, costs[i].bytes)
		}
		// Times of a millisecond or two are mostly noise: floor the base (a
		// quadratic shape still shows: markers went 2 ms → 700 ms at 16x).
		base := max(costs[0].cpu, 2*time.Millisecond)
		if r := float64(costs[i].cpu) / float64(base); r > grow*timeGrowth {
			t.Errorf("%s: %.0fx input took %.1fx time (%v → %v)", mode, grow, r, costs[0].cpu, costs[i].cpu)
		}
	}
	last := len(inputs) - 1
	mb := float64(len(inputs[last])) / 1e6
	t.Logf("%s: %d→%d units, %.2f MB at 16x: %.1f ms/MB, %.0f allocs/MB, %.1f MB allocated/MB",
		mode, n, 16*n, mb, float64(costs[last].cpu.Microseconds())/1e3/mb,
		float64(costs[last].allocs)/mb, float64(costs[last].bytes)/1e6/mb)
}

// BenchmarkAdversarial reports parse time and allocations per MB for each
// shape at 16x its base (times HSERR_ADVERSARIAL):
//
//	go test ./internal/parse -run '^$' -bench Adversarial -benchtime 1x
func BenchmarkAdversarial(b *testing.B) {
	scale := advScale(b)
	for _, sh := range advShapes {
		in := sh.build(16 * sh.base * scale)
		b.Run(sh.name, func(b *testing.B) {
			b.SetBytes(int64(len(in)))
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				ParseString(in)
			}
		})
	}
}

// The shapes that open with a crash header are read as one: they reach
// their blocks (else the test above measures nothing).
func TestAdversarialShapesReachTheirBlocks(t *testing.T) {
	for _, sh := range advShapes {
		in := sh.build(10)
		if !strings.Contains(in, "SIGSEGV") {
			continue
		}
		if l := ParseString(in); l.Parse.Kind != "hs_err" && l.Parse.Kind != "console" {
			t.Errorf("%s: read as %s", sh.name, l.Parse.Kind)
		}
	}
}
