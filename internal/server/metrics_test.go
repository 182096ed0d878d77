package server

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"

	"github.com/hserr/hserr/internal/example"
)

// TestMetrics: /metrics in the Prometheus text format, read back with
// Prometheus's own parser; the numbers come from the database.
func TestMetrics(t *testing.T) {
	eachBackend(t, func(t *testing.T, b backend) {
		ctx := context.Background()
		st := openStore(t, b)
		body := []byte(string(example.Log))
		st.Ingest(ctx, Report{SHA256: hashOf(body), Body: body, Received: time.Now(), State: Pending})
		w := &worker{store: st, process: DefaultProcess, wake: make(chan struct{}, 1), log: discard()}
		w.pass(ctx)
		got, _ := st.Report(ctx, hashOf(body))
		st.Ingest(ctx, Report{SHA256: hashOf([]byte("c")), Received: time.Now(), State: Counted, GroupID: got.GroupID})
		st.Ingest(ctx, Report{SHA256: hashOf([]byte("p")), Body: []byte("p"), Received: time.Now(), State: Pending})

		hs := httptest.NewServer(New(st, Config{}).Handler())
		defer hs.Close()
		resp, err := http.Get(hs.URL + "/metrics")
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		parser := expfmt.NewTextParser(model.UTF8Validation)
		families, err := parser.TextToMetricFamilies(resp.Body)
		if err != nil {
			t.Fatalf("not the Prometheus text format: %v", err)
		}
		value := func(name, label, want string) float64 {
			for _, m := range families[name].GetMetric() {
				for _, l := range m.GetLabel() {
					if l.GetName() == label && l.GetValue() == want {
						return m.GetGauge().GetValue()
					}
				}
				if label == "" {
					return m.GetGauge().GetValue()
				}
			}
			t.Fatalf("no %s{%s=%q}", name, label, want)
			return 0
		}
		if value("hserr_reports", "state", "processed") != 1 || value("hserr_reports", "state", "counted") != 1 ||
			value("hserr_reports", "state", "pending") != 1 || value("hserr_work_items", "", "") != 1 ||
			value("hserr_groups", "status", "new") != 1 || value("hserr_database_up", "", "") != 1 {
			t.Errorf("metrics do not match the database")
		}
	})
}
