package web

import (
	"net/http"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

type metrics struct {
	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec
	shed     prometheus.Counter
}

func newMetrics(reg *prometheus.Registry) *metrics {
	m := &metrics{
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "cee_http_requests_total", Help: "Requêtes HTTP par motif de route et statut.",
		}, []string{"pattern", "status"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "cee_http_request_duration_seconds", Help: "Durée des requêtes HTTP par motif de route.",
			Buckets: []float64{.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10},
		}, []string{"pattern"}),
		shed: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "cee_http_shed_total", Help: "Requêtes refusées (503) parce que le serveur était déjà occupé à son maximum.",
		}),
	}
	reg.MustRegister(m.requests, m.duration, m.shed)
	return m
}

func (s *Server) handleMetrics(w http.ResponseWriter, r *http.Request) error {
	promhttp.HandlerFor(s.gatherer, promhttp.HandlerOpts{}).ServeHTTP(w, r)
	return nil
}
