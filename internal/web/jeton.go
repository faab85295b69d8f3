package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"cee/internal/auth"
	"cee/internal/model"
	"cee/internal/web/ui"
	"cee/internal/workflow"
)

// routesJetons registers the pages where an account manages its own API
// tokens, and the API's public reference.
func (s *Server) routesJetons() {
	s.handle("GET /compte/jetons", signedIn, s.handleJetons)
	s.handle("POST /compte/jetons", signedIn, s.handleJetonCreate)
	s.handle("POST /compte/jetons/{id}/revoquer", signedIn, s.handleJetonRevoke)
	s.handle("GET /developpeurs/api", nil, s.handleAPIReference)
}

type jetonsData struct {
	Items   []model.JetonAPI
	Compte  model.Compte
	V       url.Values
	Errs    map[string]string
	Nouveau string // the secret of the token just created, shown once
	Now     time.Time
}

func (s *Server) handleJetons(w http.ResponseWriter, r *http.Request) error {
	return s.jetonsPage(w, r, http.StatusOK, jetonDefaults(currentUser(r)), map[string]string{}, "")
}

// jetonDefaults fills the creation form: the active role, reading only,
// three months.
func jetonDefaults(u *user) url.Values {
	return url.Values{"expire": {time.Now().AddDate(0, 3, 0).Format(time.DateOnly)}, "acces": {"lecture"}, "habilitation": {itoa64(u.P.H.ID)}}
}

func (s *Server) jetonsPage(w http.ResponseWriter, r *http.Request, status int, v url.Values, errs map[string]string, nouveau string) error {
	u := currentUser(r)
	items, err := s.store.ListJetonsAPI(r.Context(), u.Compte.ID)
	if err != nil {
		return err
	}
	// The secret is on this page only: keep it out of caches and history.
	w.Header().Set("Cache-Control", "no-store")
	d := jetonsData{Items: items, Compte: u.Compte, V: v, Errs: errs, Nouveau: nouveau, Now: time.Now()}
	return render(w, r, status, jetonsPage(s.layout(r, "Mes jetons d'API"), d))
}

// handleJetonCreate creates a token for the account itself, carrying one
// of its own roles: a token can narrow an account's rights (read only),
// never widen them.
func (s *Server) handleJetonCreate(w http.ResponseWriter, r *http.Request) error {
	u := currentUser(r)
	r.ParseForm()
	v := r.PostForm
	now := time.Now()
	expire, _ := time.ParseInLocation(time.DateOnly, v.Get("expire"), model.Paris)
	if !expire.IsZero() {
		expire = expire.Add(24*time.Hour - time.Second) // valid through the day chosen
	}
	acces := v.Get("acces")
	j := model.JetonAPI{CompteID: u.Compte.ID, Nom: strings.TrimSpace(v.Get("nom")), LectureSeule: acces == "lecture", ExpiresAt: expire}
	errs := j.Errors(now)
	id, _ := strconv.ParseInt(v.Get("habilitation"), 10, 64)
	for _, x := range u.Compte.Habilitations {
		if x.ID == id {
			j.Habilitation = x
		}
	}
	if j.Habilitation.ID == 0 {
		errs["habilitation"] = "Choisissez l'un de vos rôles."
	}
	if acces != "lecture" && acces != "ecriture" {
		errs["acces"] = "Choisissez lecture seule ou lecture et écriture."
	}
	if len(errs) > 0 {
		return s.jetonsPage(w, r, http.StatusUnprocessableEntity, v, errs, "")
	}
	raw, _, err := auth.NewToken()
	if err != nil {
		return err
	}
	// The token is 256 random bits: its SHA-256 (auth.HashToken) is enough
	// to store, no slow password hash is needed, and it is looked up by
	// this hash on each API call.
	secret := model.PrefixeJetonAPI + raw
	err = workflow.CreerJetonAPI(r.Context(), s.store, s.actor(r), j, auth.HashToken(secret),
		"créé : "+j.Nom+" ("+habilitationLabel(j.Habilitation)+", "+accesLabel(j.LectureSeule)+", jusqu'au "+expire.Format("02/01/2006")+")")
	if err != nil {
		return err
	}
	return s.jetonsPage(w, r, http.StatusCreated, jetonDefaults(u), map[string]string{}, secret)
}

func (s *Server) handleJetonRevoke(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	err = workflow.RevoquerJetonAPI(r.Context(), s.store, s.actor(r), id, time.Now())

	if err != nil {
		return err
	}
	setFlash(w, ui.KindSuccess, "Jeton révoqué", "Il ne permet plus d'appeler l'API.")
	http.Redirect(w, r, "/compte/jetons", http.StatusSeeOther)
	return nil
}

func accesLabel(lectureSeule bool) string {
	if lectureSeule {
		return "lecture seule"
	}
	return "lecture et écriture"
}

func jetonsTable(d jetonsData) ui.TableParams {
	t := ui.TableParams{ID: "jetons", Caption: "Mes jetons d'API", CaptionHidden: true,
		Headers: []string{"Nom", "Rôle", "Accès", "Expiration", "Dernier usage", "Créé le", "État", "Action"},
		Empty:   "Aucun jeton pour l'instant."}
	for _, j := range d.Items {
		usage := "Jamais"
		if j.DernierUsage != nil {
			usage = j.DernierUsage.In(model.Paris).Format("02/01/2006 15:04")
		}
		row := []ui.TableCell{{Text: j.Nom}, {Text: habilitationLabel(j.Habilitation)}, {Text: accesLabel(j.LectureSeule)},
			{Text: j.ExpiresAt.In(model.Paris).Format("02/01/2006")}, {Text: usage}, {Text: j.CreatedAt.In(model.Paris).Format("02/01/2006")},
			{Text: j.Etat(d.Now)}, {Text: ""}}
		if j.Actif(d.Now) {
			row[7] = ui.TableCell{Content: revokeButton(j)}
		}
		t.Rows = append(t.Rows, row)
	}
	return t
}

func habilitationOptions(c model.Compte) []ui.Option {
	var out []ui.Option
	for _, h := range c.Habilitations {
		out = append(out, ui.Option{Value: itoa64(h.ID), Label: habilitationLabel(h)})
	}
	return out
}
