package auth

import (
	"net"
	"net/http"
	"net/netip"
	"strings"
)

// ClientIP is the address of the client of r, for the journal and the
// per-address rate limits. Behind proxies, X-Forwarded-For is read from
// the right (issue 20, finding 6): each proxy appends the address it saw,
// so the entries on the right were written by our own proxies and the left
// ones by whoever sent the request. The client is the right-most address
// that is not one of the trusted proxies (CEE_TRUSTED_PROXIES), provided
// the peer itself is one; with no trusted proxy, X-Forwarded-For is
// ignored and the peer is the client.
func ClientIP(r *http.Request, trusted []netip.Prefix) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	peer, err := netip.ParseAddr(host)
	if err != nil || !isTrusted(peer, trusted) {
		return host
	}
	client := peer
	hops := forwardedFor(r.Header.Values("X-Forwarded-For"))
	for i := len(hops) - 1; i >= 0; i-- {
		a, ok := parseHop(hops[i])
		if !ok {
			// Whatever lies left of an entry our proxy did not write in
			// a readable form cannot be trusted: keep the last known hop.
			break
		}
		client = a
		if !isTrusted(a, trusted) {
			break
		}
	}
	return client.String()
}

// forwardedFor splits the X-Forwarded-For headers (a proxy may add its own
// header line rather than extend the first) into entries, in order.
func forwardedFor(values []string) []string {
	var hops []string
	for _, v := range values {
		for h := range strings.SplitSeq(v, ",") {
			hops = append(hops, strings.TrimSpace(h))
		}
	}
	return hops
}

// parseHop reads one entry: an address, possibly with a port or brackets.
func parseHop(h string) (netip.Addr, bool) {
	if a, err := netip.ParseAddr(h); err == nil {
		return a.Unmap(), true
	}
	if ap, err := netip.ParseAddrPort(h); err == nil {
		return ap.Addr().Unmap(), true
	}
	return netip.Addr{}, false
}

func isTrusted(a netip.Addr, trusted []netip.Prefix) bool {
	a = a.Unmap()
	for _, p := range trusted {
		if p.Contains(a) {
			return true
		}
	}
	return false
}
