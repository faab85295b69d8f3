package api

import (
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/url"
	"sort"
	"strconv"
)

// Page sizes of the lists.
const (
	limiteDefaut = 50
	limiteMax    = 200
)

// Page is one page of a list.
type Page[T any] struct {
	Elements []T     `json:"elements"`
	Total    int     `json:"total" doc:"Nombre d'éléments de la liste entière (tous les filtres appliqués)."`
	Suivant  *string `json:"suivant" doc:"Curseur de la page suivante, à passer dans « curseur » ; null sur la dernière page."`
}

// curseur is what an opaque cursor holds. Clients must not build one: its
// content may change with the version of the API.
type curseur struct {
	Position int `json:"p"`
}

func encodeCurseur(c curseur) string {
	b, _ := json.Marshal(c)
	return base64.RawURLEncoding.EncodeToString(b)
}

// pageParams reads limite and curseur.
func pageParams(r *http.Request) (limit, offset int, err error) {
	q := r.URL.Query()
	limit = limiteDefaut
	if v := q.Get("limite"); v != "" {
		n, e := strconv.Atoi(v)
		if e != nil || n < 1 || n > limiteMax {
			return 0, 0, paramError("limite", "« limite » : un nombre entier de 1 à "+strconv.Itoa(limiteMax)+".")
		}
		limit = n
	}
	if v := q.Get("curseur"); v != "" {
		var c curseur
		b, e := base64.RawURLEncoding.DecodeString(v)
		if e != nil || json.Unmarshal(b, &c) != nil || c.Position < 0 {
			return 0, 0, paramError("curseur", "« curseur » illisible : reprenez la valeur « suivant » de la page précédente, telle quelle.")
		}
		offset = c.Position
	}
	return limit, offset, nil
}

func paramError(champ, msg string) error {
	p := problem(http.StatusBadRequest, "Paramètre invalide", msg)
	p.Errors = []ChampErreur{{Champ: champ, Message: msg}}
	return p
}

// writePage answers one page, with a Link header to the next one.
func writePage[T any](w http.ResponseWriter, r *http.Request, items []T, total, offset, limit int) error {
	p := Page[T]{Elements: items, Total: total}
	if p.Elements == nil {
		p.Elements = []T{}
	}
	if next := offset + len(items); len(items) == limit && next < total {
		c := encodeCurseur(curseur{Position: next})
		p.Suivant = &c
		q := r.URL.Query()
		q.Set("curseur", c)
		u := url.URL{Path: r.URL.Path, RawQuery: q.Encode()}
		w.Header().Set("Link", "<"+u.String()+`>; rel="next"`)
	}
	return writeJSON(w, http.StatusOK, p)
}

// nonNil keeps JSON arrays as [] rather than null, as the schema says.
func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

func sortedKeys(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
