package spool

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestPutIsIdempotentAndAtomic(t *testing.T) {
	s, err := Open(t.TempDir(), DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	log := []byte("#\n# A fatal error has been detected by the Java Runtime Environment:\n")
	r1, err := s.Put(log, Record{Source: "/tmp/hs_err_pid1.log", PID: 1})
	if err != nil || !r1.LogKept {
		t.Fatal(r1, err)
	}
	r2, _ := s.Put(log, Record{Source: "/tmp/hs_err_pid1.log", PID: 1})
	list, _ := s.List()
	if r2.SHA256 != r1.SHA256 || len(list) != 1 {
		t.Errorf("the same log spooled twice: %d entries", len(list))
	}
	// a JVM as pid 1 writes a second, different crash under the same name
	s.Put(append(log, "second crash\n"...), Record{Source: "/tmp/hs_err_pid1.log", PID: 1})
	if list, _ := s.List(); len(list) != 2 {
		t.Errorf("the second crash of pid 1 was lost: %d entries", len(list))
	}
	ents, _ := os.ReadDir(s.Dir)
	for _, e := range ents {
		if strings.HasPrefix(e.Name(), ".tmp-") {
			t.Errorf("temporary file left: %s", e.Name())
		}
	}
	b, _ := os.ReadFile(list[0].LogPath)
	if string(b) != string(log) {
		t.Error("spooled log differs")
	}
}

func TestLimits(t *testing.T) {
	s, _ := Open(t.TempDir(), Limits{MaxCount: 3, MaxBytes: 1 << 20, MaxAge: time.Hour})
	clock := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	s.now = func() time.Time { return clock }
	for i := 0; i < 5; i++ {
		clock = clock.Add(time.Minute)
		s.Put([]byte{byte(i)}, Record{Source: "x"})
	}
	list, _ := s.List()
	if len(list) != 3 || list[0].Bytes != 1 {
		t.Fatalf("count limit: %d entries", len(list))
	}
	clock = clock.Add(2 * time.Hour)
	s.Put([]byte("new"), Record{Source: "y"})
	if list, _ := s.List(); len(list) != 1 {
		t.Errorf("age limit: %d entries", len(list))
	}
}

func TestFullDiskKeepsTheRecord(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("needs root to mount a tiny tmpfs")
	}
	dir := t.TempDir()
	if err := mountTmpfs(dir, "16k"); err != nil {
		t.Skip("cannot mount a tmpfs here: ", err)
	}
	defer unmount(dir)
	s, _ := Open(filepath.Join(dir, "spool"), DefaultLimits)
	big := make([]byte, 1<<20)
	rec, err := s.Put(big, Record{Source: "/tmp/hs_err_pid7.log", PID: 7, Class: "jni-null-deref"})
	if err == nil || rec.LogKept {
		t.Fatalf("a 1 MiB log fitted in 16 KiB: %v", err)
	}
	list, _ := s.List()
	if len(list) != 1 || list[0].Class != "jni-null-deref" || list[0].LogPath != "" {
		t.Errorf("the crash's record was not kept: %+v", list)
	}
}
