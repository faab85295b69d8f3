package web

import (
	"context"
	"fmt"
	"net/http"
	"time"
)

// handleHealthz answers as long as the process serves requests.
func (s *Server) handleHealthz(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	_, err := fmt.Fprintln(w, "ok")
	return err
}

// handleReadyz tells a load balancer whether this instance can take
// traffic: the database answers and every migration is applied.
func (s *Server) handleReadyz(w http.ResponseWriter, r *http.Request) error {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	if err := s.store.Ping(ctx); err != nil {
		w.WriteHeader(http.StatusServiceUnavailable)
		fmt.Fprintln(w, "base de données injoignable")
		return nil
	}
	pending, err := s.store.Pending(ctx)
	if err != nil || pending > 0 {
		w.WriteHeader(http.StatusServiceUnavailable)
		fmt.Fprintf(w, "migrations en attente : %d\n", pending)
		return nil
	}
	fmt.Fprintln(w, "prêt")
	return nil
}
