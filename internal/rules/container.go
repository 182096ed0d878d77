package rules

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/hserr/hserr/internal/model"
)

// containerBytes reads a memory value of the container block: raw bytes
// (JDK 8/11), "<n> k" (JDK 17+); false for unlimited, -1, not supported.
func containerBytes(v string) (uint64, bool) {
	f := strings.Fields(v)
	if len(f) == 0 {
		return 0, false
	}
	n, err := strconv.ParseUint(f[0], 10, 64)
	if err != nil || n == 0 {
		return 0, false
	}
	if len(f) > 1 && strings.EqualFold(f[1], "k") {
		n *= 1024
	}
	if n >= 1<<62 { // cgroup v1 "no limit" is a page-rounded LONG_MAX
		return 0, false
	}
	return n, true
}

var sizeArg = regexp.MustCompile(`^(\d+)([kKmMgGtT]?)$`)

func parseSize(s string) (uint64, bool) {
	m := sizeArg.FindStringSubmatch(s)
	if m == nil {
		return 0, false
	}
	n, _ := strconv.ParseUint(m[1], 10, 64)
	switch strings.ToLower(m[2]) {
	case "k":
		n <<= 10
	case "m":
		n <<= 20
	case "g":
		n <<= 30
	case "t":
		n <<= 40
	}
	return n, true
}

// maxHeap is the maximum heap: -Xmx / -XX:MaxHeapSize= (the last wins, as
// in the JVM), else the MaxHeapSize global flag.
func maxHeap(l *model.Log) (uint64, model.Line, bool) {
	var n uint64
	found := false
	for _, a := range l.Process.VMArguments.JVMArgs {
		for _, pre := range []string{"-Xmx", "-XX:MaxHeapSize="} {
			if v, ok := strings.CutPrefix(a, pre); ok {
				if b, ok := parseSize(v); ok {
					n, found = b, true
				}
			}
		}
	}
	if found {
		return n, l.Process.VMArguments.JVMArgsLine, true
	}
	for _, f := range l.Process.Flags {
		if f.Name == "MaxHeapSize" {
			if b, err := strconv.ParseUint(f.Value, 10, 64); err == nil {
				return b, model.Line{N: f.Line, Text: f.Text}, true
			}
		}
	}
	return 0, model.Line{}, false
}

// ContainerLimits is a secondary finding: the cgroup limits the JVM saw,
// and how the heap compares with the memory limit.
var ContainerLimits = &Rule{
	FindingOnly: true,
	OS:          OnLinux, // cgroups
	Class:       "container-limits", Doc: "cgroup memory/CPU/task limits from the container block, compared with the maximum heap",
	Run: func(p *Pass) []Finding {
		l := p.Log
		if len(l.System.Container) == 0 {
			return nil // no limit to report (most logs): skip the map below
		}
		// every JVM in a container prints this block; the limits bear on a
		// crash only when memory or threads ran out
		if !isNativeOOM(l) {
			return nil
		}
		kv := containerKV(l.System.Container)
		var ev Ev
		var facts []string
		conf := 0.4
		limit, hasLimit := containerBytes(kv.get("memory_limit_in_bytes").Value)
		if hasLimit {
			ev.Add(p.KVLine(kv.get("memory_limit_in_bytes")))
			facts = append(facts, fmt.Sprintf("memory limit %s (line %d)", gib(limit), kv.get("memory_limit_in_bytes").Line))
		}
		if q, err := strconv.ParseInt(strings.Fields(kv.get("cpu_quota").Value + " x")[0], 10, 64); err == nil && q > 0 {
			per, _ := strconv.ParseInt(strings.Fields(kv.get("cpu_period").Value + " 100000")[0], 10, 64)
			ev.Add(p.KVLine(kv.get("cpu_quota")))
			if per > 0 {
				facts = append(facts, fmt.Sprintf("CPU quota %.1f CPUs (cpu_quota %d / cpu_period %d, line %d)", float64(q)/float64(per), q, per, kv.get("cpu_quota").Line))
			}
		}
		if t, ok := kv.lookup("maximum number of tasks"); ok && isCount(t.Value) {
			ev.Add(p.KVLine(t))
			facts = append(facts, fmt.Sprintf("task (pids) limit %s (line %d)", strings.TrimSpace(t.Value), t.Line))
		}
		if ev.Len() == 0 {
			return nil
		}
		if apc, ok := kv.lookup("active_processor_count"); ok {
			ev.Add(p.KVLine(apc))
			facts = append(facts, "the JVM sizes its GC and compiler threads for active_processor_count "+strings.TrimSpace(apc.Value))
		}
		why := []string{"The JVM runs in a container with " + strings.Join(facts, "; ") + "."}
		if heap, hl, ok := maxHeap(l); ok && hasLimit {
			ev.Add(hl)
			pct := 100 * float64(heap) / float64(limit)
			s := fmt.Sprintf("The maximum heap is %s (line %d), %.0f%% of the memory limit", gib(heap), hl.N, pct)
			switch {
			case heap >= limit:
				conf = 0.7
				why = append(why, s+": the heap alone can exceed the limit, so the kernel's OOM killer (or a failed commit) ends the JVM before the heap is full.")
			case pct >= 85:
				conf = 0.6
				why = append(why, s+fmt.Sprintf(": only %s is left for metaspace, code cache, thread stacks, direct buffers and malloc.", gib(limit-heap)))
			default:
				why = append(why, s+".")
			}
		}
		return []Finding{{Role: Factor, Confidence: conf,
			Summary:     "Container limits apply: " + strings.Join(facts, "; ") + ".",
			Explanation: strings.Join(why, "\n"), Evidence: ev.Lines(),
			Remedy: []string{"Size the heap from the limit (-XX:MaxRAMPercentage=60–75) and leave room for native memory; count threads × -Xss.",
				"Watch the container's OOM-kill counter (memory.events oom_kill / docker inspect OOMKilled): a kill leaves no hs_err."}}}
	},
}

// containerKV looks keys up in the container block like a map built from
// it would (the last line of a key wins), without building one per log.
type containerKV []model.KV

func (c containerKV) lookup(key string) (model.KV, bool) {
	for i := len(c) - 1; i >= 0; i-- {
		if c[i].Key == key {
			return c[i], true
		}
	}
	return model.KV{}, false
}

func (c containerKV) get(key string) model.KV {
	kv, _ := c.lookup(key)
	return kv
}

// isCount: a positive number (not "unlimited", "-1", "not supported").
func isCount(v string) bool {
	n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
	return err == nil && n > 0
}
