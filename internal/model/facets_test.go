package model

import "testing"

func TestFacets(t *testing.T) {
	vendor := map[[3]string]string{
		{"OpenJDK Runtime Environment", "Temurin-17.0.7+7", ""}:          "Temurin",
		{"OpenJDK Runtime Environment", "Zulu 8.46.0.52-SA-linux64", ""}: "Zulu",
		{"OpenJDK Runtime Environment", "Red_Hat-17.0.7.0.7-2", ""}:      "Red Hat",
		{"OpenJDK Runtime Environment", "18.9", ""}:                      "OpenJDK (vendor not named)",
		{"Java(TM) SE Runtime Environment", "18.9", ""}:                  "Oracle",
		{"", "", "Java HotSpot(TM) 64-Bit Server VM"}:                    "Oracle",
		{"", "", ""}: "",
	}
	for in, want := range vendor {
		l := &Log{}
		l.Header.Version.Runtime, l.Header.Version.Vendor, l.Header.Version.VM = in[0], in[1], in[2]
		if got := l.JDKVendor(); got != want {
			t.Errorf("vendor %q: %q, want %q", in, got, want)
		}
	}

	kernel := map[string]string{
		"uname:Linux 3.10.0-957.1.3.el7.x86_64 #1 SMP Thu Nov 15 x86_64": "Linux 3.10.0-957.1.3.el7.x86_64",
		"uname: Darwin 23.0.0 Darwin Kernel Version 23.0.0":              "Darwin 23.0.0",
		"OS: Windows Server 2016 , 64 bit Build 14393 (10.0.14393.3630)": "Windows Server 2016 Build 14393",
		"OS: Windows 10 , 64 bit Build 19041":                            "Windows 10 Build 19041",
		"OS:Red Hat Enterprise Linux Server release 7.9 (Maipo)":         "",
	}
	for in, want := range kernel {
		l := &Log{}
		if in[:2] == "OS" {
			l.System.OS = []Line{{N: 1, Text: in}}
		} else {
			l.System.Uname = Line{N: 1, Text: in}
		}
		if got := l.Kernel(); got != want {
			t.Errorf("kernel %q: %q, want %q", in, got, want)
		}
	}

	l := &Log{}
	l.Header.Version.GC = "parallel gc"
	if got := l.GCName(); got != "Parallel" {
		t.Errorf("GC from the Java VM line: %q", got)
	}

	container := map[[2]string]string{
		{"-1", "4"}:               "no memory limit, 4 CPUs",
		{"unlimited", "1"}:        "no memory limit, 1 CPU",
		{"2147483648", "2"}:       "memory 2 GiB, 2 CPUs",
		{"2097152 k", "2"}:        "memory 2 GiB, 2 CPUs",
		{"536870912", ""}:         "memory 512 MiB",
		{"not supported", "8"}:    "8 CPUs",
		{"99999999999999999", ""}: "",
	}
	for in, want := range container {
		l := &Log{}
		l.System.Container = []KV{{Key: "memory_limit_in_bytes", Value: in[0]}, {Key: "active_processor_count", Value: in[1]}}
		if got := l.ContainerLimits(); got != want {
			t.Errorf("container %q: %q, want %q", in, got, want)
		}
	}
	l = &Log{}
	l.System.ContainerNotFound = true
	if l.ContainerLimits() != "no container" {
		t.Error("container not found")
	}

	for secs, want := range map[float64]string{5: "under a minute", 60: "1 to 10 minutes", 3599: "10 to 60 minutes", 90000: "1 to 7 days", 2.266403e+06: "over 7 days"} {
		l := &Log{}
		l.Summary.Elapsed, l.Summary.HasElapsed = secs, true
		if got := l.UptimeBucket(); got != want {
			t.Errorf("uptime %v s: %q, want %q", secs, got, want)
		}
	}
	if (&Log{}).UptimeBucket() != "" {
		t.Error("no elapsed time must give no bucket")
	}
}
