package server

import (
	"context"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// The metrics are read from the database at each scrape, so every server
// sharing a PostgreSQL reports the same fleet-wide numbers, and nothing is
// kept in memory that a restart would lose.
var (
	reportsDesc = prometheus.NewDesc("hserr_reports", "Stored crash reports, by state.", []string{"state"}, nil)
	workDesc    = prometheus.NewDesc("hserr_work_items", "Stored reports the workers have not processed yet.", nil, nil)
	groupsDesc  = prometheus.NewDesc("hserr_groups", "Crash groups with at least one report, by lifecycle status.", []string{"status"}, nil)
	upDesc      = prometheus.NewDesc("hserr_database_up", "1 when the last scrape could read the database.", nil, nil)
)

// scrapeTimeout bounds the queries of one scrape.
const scrapeTimeout = 5 * time.Second

type collector struct{ store *Store }

func (c collector) Describe(ch chan<- *prometheus.Desc) {
	ch <- reportsDesc
	ch <- workDesc
	ch <- groupsDesc
	ch <- upDesc
}

func (c collector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), scrapeTimeout)
	defer cancel()
	reports, err := c.store.Count(ctx)
	var work int
	if err == nil {
		work, err = c.store.WorkLeft(ctx)
	}
	var groups map[Status]int
	if err == nil {
		groups, err = c.store.GroupsByStatus(ctx)
	}
	if err != nil {
		ch <- prometheus.MustNewConstMetric(upDesc, prometheus.GaugeValue, 0)
		return
	}
	ch <- prometheus.MustNewConstMetric(upDesc, prometheus.GaugeValue, 1)
	for _, st := range []State{Pending, Processed, Quarantined, Failed, Counted} {
		ch <- prometheus.MustNewConstMetric(reportsDesc, prometheus.GaugeValue, float64(reports[st]), string(st))
	}
	ch <- prometheus.MustNewConstMetric(workDesc, prometheus.GaugeValue, float64(work))
	for _, st := range []Status{StatusNew, StatusRegressed, StatusResolved, StatusMuted} {
		ch <- prometheus.MustNewConstMetric(groupsDesc, prometheus.GaugeValue, float64(groups[st]), string(st))
	}
}

// metricsHandler serves /metrics in the Prometheus text format.
func (s *Server) metricsHandler() http.Handler {
	reg := prometheus.NewRegistry()
	reg.MustRegister(collector{s.store})
	return promhttp.HandlerFor(reg, promhttp.HandlerOpts{})
}

// GroupsByStatus counts the groups that have reports, by status.
func (s *Store) GroupsByStatus(ctx context.Context) (map[Status]int, error) {
	return countBy[Status](ctx, s.DB, `SELECT g.status, COUNT(*) FROM crash_groups g
		WHERE EXISTS (SELECT 1 FROM reports r WHERE r.group_id = g.id) GROUP BY g.status`)
}
