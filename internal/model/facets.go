package model

import (
	"strconv"
	"strings"
	"unicode"
)

// The facets a fleet's crashes are broken down by (the server's group
// page): each is one short value read from the log, "" when the log does
// not say. They are computed here, once, for every caller.

// JDKVendor names who built the JDK: the leading name of the vendor
// version ("Temurin-17.0.7+7" → Temurin, "Zulu 8.46.0.52-SA-linux64" →
// Zulu, "Red_Hat-17.0.7.0.7-2" → Red Hat); Oracle for the "Java(TM) SE"
// runtime; "OpenJDK (vendor not named)" for an OpenJDK runtime whose
// vendor version is missing or only a number (Oracle's OpenJDK builds
// print "18.9").
func (l *Log) JDKVendor() string {
	v := l.Header.Version
	name := strings.FieldsFunc(v.Vendor, func(r rune) bool { return r == '-' || r == ' ' || r == '+' })
	if len(name) > 0 && !unicode.IsDigit(rune(name[0][0])) {
		return strings.ReplaceAll(name[0], "_", " ")
	}
	switch {
	case strings.Contains(v.Runtime, "Java(TM)") || strings.Contains(v.VM, "Java HotSpot(TM)"):
		return "Oracle"
	case strings.Contains(v.Runtime, "OpenJDK") || strings.Contains(v.VM, "OpenJDK"):
		return "OpenJDK (vendor not named)"
	}
	return ""
}

// Kernel is the kernel or OS build: uname's system name and release on
// Unix ("Linux 3.10.0-957.el7.x86_64", "Darwin 23.0.0", "SunOS 5.11"),
// the product and build on Windows ("Windows Server 2016 Build 14393").
func (l *Log) Kernel() string {
	u := strings.Fields(l.unameText())
	if len(u) >= 2 {
		return u[0] + " " + u[1]
	}
	for _, ln := range l.System.OS {
		t := strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(ln.Text), "OS:"))
		if !strings.HasPrefix(t, "Windows") {
			continue
		}
		product, rest, _ := strings.Cut(t, ",")
		product = strings.TrimSpace(product)
		if _, build, ok := strings.Cut(rest, "Build "); ok {
			if f := strings.Fields(build); len(f) > 0 {
				return product + " Build " + f[0]
			}
		}
		return product
	}
	return ""
}

// GCName is the collector the JVM ran ("G1", "Parallel", "ZGC", …).
func (l *Log) GCName() string {
	flag := l.GCFlag()
	for _, c := range Collectors {
		if c.Flag == flag {
			return c.Label
		}
	}
	return ""
}

// ContainerLimits sums up the container section: "no container" when the
// JVM found none, else its memory limit and the CPUs the JVM may use
// ("memory 2 GiB, 2 CPUs", "no memory limit, 8 CPUs").
func (l *Log) ContainerLimits() string {
	sys := l.System
	if sys.ContainerNotFound {
		return "no container"
	}
	var mem, cpus string
	for _, kv := range sys.Container {
		switch kv.Key {
		case "memory_limit_in_bytes":
			mem = memoryLimit(kv.Value)
		case "active_processor_count":
			if n, err := strconv.Atoi(strings.TrimSpace(kv.Value)); err == nil && n > 0 {
				cpus = strconv.Itoa(n) + " CPU"
				if n > 1 {
					cpus += "s"
				}
			}
		}
	}
	switch {
	case mem != "" && cpus != "":
		return mem + ", " + cpus
	case mem != "":
		return mem
	}
	return cpus
}

// memoryLimit reads memory_limit_in_bytes: -1, "unlimited" or "max" is
// no limit; a number (in bytes, or "N k" as JDK 17 and later print values
// of 1 KiB and more) is shown in whole GiB or MiB; "not supported" and
// anything else unreadable is "".
func memoryLimit(v string) string {
	f := strings.Fields(v)
	if len(f) == 0 {
		return ""
	}
	switch f[0] {
	case "-1", "unlimited", "max":
		return "no memory limit"
	}
	n, err := strconv.ParseInt(f[0], 10, 64)
	if err != nil || n <= 0 || n > 1<<53 {
		return ""
	}
	if len(f) > 1 && (f[1] == "k" || f[1] == "K") {
		n <<= 10
	}
	if n >= 1<<30 {
		return "memory " + strconv.FormatInt((n+1<<29)>>30, 10) + " GiB"
	}
	return "memory " + strconv.FormatInt((n+1<<19)>>20, 10) + " MiB"
}

// UptimeBuckets are UptimeBucket's values, shortest first.
var UptimeBuckets = []string{"under a minute", "1 to 10 minutes", "10 to 60 minutes", "1 to 24 hours", "1 to 7 days", "over 7 days"}

// UptimeBucket is how long the JVM had run when it crashed, in buckets
// that separate start-up crashes from ones after hours or days.
func (l *Log) UptimeBucket() string {
	if !l.Summary.HasElapsed {
		return ""
	}
	limits := []float64{60, 600, 3600, 86400, 7 * 86400}
	for i, lim := range limits {
		if l.Summary.Elapsed < lim {
			return UptimeBuckets[i]
		}
	}
	return UptimeBuckets[len(limits)]
}
