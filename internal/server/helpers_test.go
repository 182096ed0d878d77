package server

import (
	"io"
	"log/slog"
	"strings"
	"testing"

	"github.com/hserr/hserr/internal/example"
)

func discard() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

// planted are the secrets plantedLog puts where real logs carry them.
var planted = []string{"hunter2", "tok-123456", "/home/alice", "AKIAIOSFODNN7EXAMPLE", "s3cr3tpw"}

// plantedLog is the example log with a secret of each kind planted.
func plantedLog(t *testing.T) string {
	t.Helper()
	s := string(example.Log)
	s = strings.Replace(s, "\njvm_args: ", "\njvm_args: -Ddb.password=hunter2 ", 1)
	s = strings.Replace(s, "\nEnvironment Variables:\n", "\nEnvironment Variables:\nAPI_TOKEN=tok-123456\nAWS_KEY=AKIAIOSFODNN7EXAMPLE\nJDBC=postgres://app:s3cr3tpw@db:5432/x\n", 1)
	s = strings.Replace(s, "\nDynamic libraries:\n", "\nDynamic libraries:\n7f0000000000-7f0000001000 r-xp 00000000 fd:01 1 /home/alice/lib/libx.so\n", 1)
	for _, p := range planted {
		if !strings.Contains(s, p) {
			t.Fatalf("the example log lost a heading the test plants %q under", p)
		}
	}
	return s
}
