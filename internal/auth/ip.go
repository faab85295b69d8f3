package auth

import (
	"net"
	"net/http"
	"strings"
)

// ClientIP is the peer address; behind a load balancer, its
// X-Forwarded-For when the peer is on a private network (the balancer).
// The web interface and the API record the same address in the journal.
func ClientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	if ip := net.ParseIP(host); ip != nil && (ip.IsPrivate() || ip.IsLoopback()) {
		if fwd := r.Header.Get("X-Forwarded-For"); fwd != "" {
			first, _, _ := strings.Cut(fwd, ",")
			if p := net.ParseIP(strings.TrimSpace(first)); p != nil {
				return p.String()
			}
		}
	}
	return host
}
