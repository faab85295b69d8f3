package web

import (
	"encoding/base64"
	"encoding/json"
	"net/http"

	"cee/internal/web/ui"
)

const flashCookie = "cee_flash"

// setFlash carries a message over the redirect that follows a change. It
// holds no secret: a short-lived cookie is enough.
func setFlash(w http.ResponseWriter, kind, title, message string) {
	b, _ := json.Marshal(ui.Flash{Kind: kind, Title: title, Message: message})
	http.SetCookie(w, &http.Cookie{Name: flashCookie, Value: base64.RawURLEncoding.EncodeToString(b), Path: "/",
		HttpOnly: true, SameSite: http.SameSiteLaxMode, MaxAge: 60})
}

// takeFlash reads the message; flashOnce clears the cookie on the page
// that shows it.
func takeFlash(r *http.Request) *ui.Flash {
	c, err := r.Cookie(flashCookie)
	if err != nil {
		return nil
	}
	b, err := base64.RawURLEncoding.DecodeString(c.Value)
	if err != nil {
		return nil
	}
	var f ui.Flash
	if json.Unmarshal(b, &f) != nil || f.Title == "" && f.Message == "" {
		return nil
	}
	return &f
}

// flashOnce clears the flash cookie on every HTML page that could have
// shown it.
func flashOnce(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if _, err := r.Cookie(flashCookie); err == nil && r.Method == http.MethodGet {
			http.SetCookie(w, &http.Cookie{Name: flashCookie, Value: "", Path: "/", MaxAge: -1, HttpOnly: true, SameSite: http.SameSiteLaxMode})
		}
		next.ServeHTTP(w, r)
	})
}
