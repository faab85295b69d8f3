package web

import (
	"errors"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"cee/internal/match"
	"cee/internal/model"
	"cee/internal/policy"
	"cee/internal/refdata"
	"cee/internal/store"
	"cee/internal/web/ui"
	"cee/internal/workflow"
)

// routesCouverture registers the coverage page (issue 19): the schools
// reached and never reached over a chosen period, on a map with the CEE,
// and from a school never reached, the invitation of its staff with the
// CEE nearest to it for a first action.
func (s *Server) routesCouverture() {
	s.handle("GET /couverture", lecteurCouverture, s.handleCouverture)
	s.handle("GET /couverture/invitations", can(model.ResComptes, model.ActionGerer), s.handleInvitationsDepartement)
	s.handle("POST /couverture/invitations", can(model.ResComptes, model.ActionGerer), s.handleInviterDepartement)
	s.handle("GET /couverture/{uai}", can(model.ResComptes, model.ActionGerer), s.handlePremierContact)
	s.handle("POST /couverture/{uai}", can(model.ResComptes, model.ActionGerer), s.handlePremierContactInviter)
}

// lecteurCouverture lets in the network's views (policy.Vue.Reseau), whose
// dashboards show the coverage.
func lecteurCouverture(u *user) bool { return signedIn(u) && policy.VueOf(u.P).Reseau() }

type couvertureData struct {
	T           tableauQuery
	C           workflow.Couverture
	Carte       carteData
	CarteOK     bool
	NonAtteints []store.NonAtteint
	Inviter     bool // may invite a school's staff (policy.CanGrant, checked again per school)
	Du, Au      string
	Errs        map[string]string
}

// handleCouverture is the coverage of the person's scope over a period
// (du, au; the school year by default).
func (s *Server) handleCouverture(w http.ResponseWriter, r *http.Request) error {
	t, err := s.tableauFilter(r, time.Now())
	var ef workflow.ErreurFiltre
	if errors.As(err, &ef) {
		// A bad date: the page again with the error on its field, over the
		// school year.
		q := r.URL.Query()
		q.Del("du")
		q.Del("au")
		r2 := r.Clone(r.Context())
		r2.URL.RawQuery = q.Encode()
		if t, err = s.tableauFilter(r2, time.Now()); err != nil {
			return err
		}
		t.Q = r.URL.Query()
		d, err := s.couvertureCompute(r, t)
		if err != nil {
			return err
		}
		d.Du, d.Au = r.URL.Query().Get("du"), r.URL.Query().Get("au")
		d.Errs[ef.Champ] = ef.Message
		return render(w, r, http.StatusBadRequest, couverturePage(s.layout(r, "Couverture des établissements"), d))
	}
	if err != nil {
		return err
	}
	d, err := s.couvertureCompute(r, t)
	if err != nil {
		return err
	}
	return render(w, r, http.StatusOK, couverturePage(s.layout(r, "Couverture des établissements"), d))
}

func (s *Server) couvertureCompute(r *http.Request, t tableauQuery) (couvertureData, error) {
	c, err := workflow.CalculerCouverture(r.Context(), s.store, t.F)
	if err != nil {
		return couvertureData{}, err
	}
	d := couvertureData{T: t, C: c, Errs: map[string]string{}}
	d.Du, d.Au = periodeForm(t.F)
	d.NonAtteints = c.NonAtteints[:min(workflow.LignesNonAtteints, len(c.NonAtteints))]
	d.Inviter = policy.Can(currentUser(r).P, model.ActionGerer, model.Resource{Kind: model.ResComptes})
	d.Carte, d.CarteOK = carteCouverture(c, t.F.Academie)
	return d, nil
}

// periodeForm is the period of f as the form's date fields write it (the
// last day included).
func periodeForm(f store.IndicateurFilter) (du, au string) {
	debut, fin := f.Annee.Debut(), f.Annee.Fin()
	if !f.Du.IsZero() {
		debut, fin = f.Du, f.Au
	}
	return debut.In(model.Paris).Format(time.DateOnly), fin.AddDate(0, 0, -1).In(model.Paris).Format(time.DateOnly)
}

// periodeLabel is « du 1er septembre 2026 au 31 août 2027 ».
func periodeLabel(du, au string) string {
	a, err1 := time.Parse(time.DateOnly, du)
	b, err2 := time.Parse(time.DateOnly, au)
	if err1 != nil || err2 != nil {
		return ""
	}
	return "du " + model.Date(a) + " au " + model.Date(b)
}

// Colours of the clusters: schools reached, never reached, CEE (DSFR
// « vert émeraude », « rouge marianne », « gris »); the shapes differ too
// (discs for schools, squares for CEE) and the table says the same.
const (
	couleurAtteints = "#18753c"
	couleurJamais   = "#ce0500"
	couleurCEE      = "#3a3a3a"
)

// carteCouverture is the coverage map: the territories coloured by their
// rate (as the dashboards' maps), and on each département a cluster of
// its schools reached, never reached and CEE in mandate, each sized by
// its count (area), on one scale. Clusters by département keep the map
// readable at national scale (a hundred clusters, not 11,000 points) and
// need no projection at run time: a cluster stands at the centre of its
// département's outline.
func carteCouverture(c workflow.Couverture, academie string) (carteData, bool) {
	serie := workflow.Serie{Code: model.IndCouvertureAcad, Titre: "Couverture des établissements", Taux: true}
	lignes := c.ParAcademie
	if academie != "" {
		serie.Code, lignes = model.IndCouvertureDep, c.ParDepartement
	}
	for _, l := range lignes {
		serie.Lignes = append(serie.Lignes, workflow.SerieLigne{Cle: l.Cle, N: l.Atteints, Total: l.Total})
	}
	carte, ok := carteOf(serie, academie)
	if !ok {
		return carte, false
	}
	carte.ID = "carte-couverture"
	carte.Titre = "Carte de la couverture : établissements atteints, jamais atteints et CEE par département"
	carte.Desc = "Chaque département porte un disque vert pour ses établissements atteints, un disque rouge pour ceux jamais atteints et un carré gris pour ses CEE en mandat, de surface proportionnelle à leur nombre ; le fond colore le taux de couverture. Les valeurs figurent dans le tableau qui suit."
	zones := map[string]zoneCarte{}
	for _, z := range carte.Zones {
		zones[z.Cle] = z
	}
	maxN := 1
	for _, g := range c.Groupes {
		maxN = max(maxN, g.Atteints, g.JamaisAtteints(), g.CEE)
	}
	rMax := carte.largeur / (12 * math.Sqrt(float64(max(1, len(c.Groupes)))))
	rayon := func(n int) float64 { return max(1.5, rMax*math.Sqrt(float64(n)/float64(maxN))) }
	for _, g := range c.Groupes {
		ct, ok := refdata.ContourDepartement(g.Departement)
		d, okd := refdata.DepartementByCode(g.Departement)
		if !ok || !okd {
			continue
		}
		// The outline's frame, moved into its inset on the national map.
		z, ok := zones[d.Code]
		if !ok {
			z, ok = zones[d.Academie]
		}
		if !ok {
			continue // outside the territories drawn
		}
		k, dx, dy := 1.0, 0.0, 0.0
		if ct.OutreMer && z.Transform != "" {
			k, dx, dy = z.k, z.dx, z.dy
		}
		x, y := k*(ct.X0+ct.X1)/2+dx, k*(ct.Y0+ct.Y1)/2+dy
		nom := d.Nom + " (" + d.Code + ")"
		if g.Atteints > 0 {
			carte.Symboles = append(carte.Symboles, symboleCarte{X: x - rMax, Y: y, R: rayon(g.Atteints), Fill: couleurAtteints,
				Titre: fmt.Sprintf("%s : %s atteints sur %d", nom, etablissements(g.Atteints), g.Etablissements)})
		}
		if g.JamaisAtteints() > 0 {
			carte.Symboles = append(carte.Symboles, symboleCarte{X: x + rMax, Y: y, R: rayon(g.JamaisAtteints()), Fill: couleurJamais,
				Titre: fmt.Sprintf("%s : %s jamais atteints sur %d", nom, etablissements(g.JamaisAtteints()), g.Etablissements)})
		}
		if g.CEE > 0 {
			carte.Symboles = append(carte.Symboles, symboleCarte{X: x, Y: y + 1.6*rMax, R: rayon(g.CEE), Fill: couleurCEE, Carre: true,
				Titre: fmt.Sprintf("%s : %d CEE en mandat", nom, g.CEE)})
		}
	}
	return carte, true
}

// symboleCarte is a disc (or a square) of radius R centred on X, Y.
type symboleCarte struct {
	X, Y, R     float64
	Fill, Titre string
	Carre       bool
}

func etablissements(n int) string {
	if n == 1 {
		return "1 établissement"
	}
	return fmt.Sprintf("%d établissements", n)
}

func couvertureTable(c workflow.Couverture) ui.TableParams {
	p := ui.TableParams{ID: "couverture-departements", Caption: "Couverture par département", RowHeaders: true,
		Headers: []string{"Département", "Établissements", "Atteints", "Jamais atteints", "Taux de couverture", "CEE en mandat"},
		Empty:   "Aucun établissement ni CEE dans le périmètre."}
	for _, g := range c.Groupes {
		p.Rows = append(p.Rows, []ui.TableCell{{Text: workflow.LibelleDepartement(g.Departement)}, {Text: strconv.Itoa(g.Etablissements), Numeric: true},
			{Text: strconv.Itoa(g.Atteints), Numeric: true}, {Text: strconv.Itoa(g.JamaisAtteints()), Numeric: true},
			{Text: workflow.Pourcent(g.Atteints, g.Etablissements), Numeric: true}, {Text: strconv.Itoa(g.CEE), Numeric: true}})
	}
	return p
}

// couvertureHref is the coverage page with the dashboard's filters.
func couvertureHref(q url.Values) string {
	v := url.Values{}
	for _, k := range []string{"annee", "academie", "departement", "organisation", "secteur", "du", "au"} {
		if x := q.Get(k); x != "" {
			v.Set(k, x)
		}
	}
	if len(v) == 0 {
		return "/couverture"
	}
	return "/couverture?" + v.Encode()
}

type premierContactData struct {
	E           model.Etablissement
	Suggestions []match.Resultat
	Equipe      []model.Compte
	Emails      string
	Err         string
}

// premierContact reads the school of the path, which the person may give
// the school's role to (404 otherwise, as for an unknown UAI), its CEE
// suggested and its accounts.
func (s *Server) premierContact(r *http.Request) (premierContactData, error) {
	e, err := s.etablissementOfPath(r)
	if err != nil {
		return premierContactData{}, err
	}
	if !policy.CanGrant(currentUser(r).P, model.Habilitation{Role: model.RoleEtablissement, Academie: e.Academie, Ref: e.UAI}) {
		return premierContactData{}, withStatus(http.StatusNotFound, fmt.Errorf("établissement %s hors périmètre", e.UAI))
	}
	d := premierContactData{E: e}
	if d.Suggestions, err = workflow.SuggererCEE(r.Context(), s.store, e, time.Now()); err != nil {
		return d, err
	}
	d.Equipe, _, err = s.store.ListComptes(r.Context(), store.CompteFilter{Scope: model.Scope{UAI: e.UAI}, Limit: 50})
	return d, err
}

// handlePremierContact is the action on a school never reached: the CEE
// nearest to it, and the form inviting its staff.
func (s *Server) handlePremierContact(w http.ResponseWriter, r *http.Request) error {
	d, err := s.premierContact(r)
	if err != nil {
		return err
	}
	return render(w, r, http.StatusOK, premierContactPage(s.layout(r, "Premier contact — "+d.E.Nom), d))
}

// handlePremierContactInviter invites the addresses typed (one a line),
// each with the role of the school and the CEE suggested in the message.
func (s *Server) handlePremierContactInviter(w http.ResponseWriter, r *http.Request) error {
	d, err := s.premierContact(r)
	if err != nil {
		return err
	}
	d.Emails = r.PostFormValue("emails")
	emails, msg := lireEmails(d.Emails)
	if msg != "" {
		d.Err = msg
		return render(w, r, http.StatusUnprocessableEntity, premierContactPage(s.layout(r, "Premier contact — "+d.E.Nom), d))
	}
	sugg, err := workflow.InviterEquipe(r.Context(), s.store, s.actor(r), s.cfg.BaseURL, d.E, emails, invitationTTL)
	var refus workflow.ErreurHabilitation
	if errors.As(err, &refus) {
		d.Err = refus.Message
		return render(w, r, http.StatusUnprocessableEntity, premierContactPage(s.layout(r, "Premier contact — "+d.E.Nom), d))
	}
	if err != nil {
		return err
	}
	noms := make([]string, len(sugg))
	for i, x := range sugg {
		noms[i] = workflow.LibelleSuggestion(x)
	}
	msgCEE := " Aucun CEE disponible n'a pu être proposé : sollicitez-en un depuis une demande."
	if len(noms) > 0 {
		msgCEE = " CEE proposés pour une première action : " + strings.Join(noms, ", ") + "."
	}
	setFlash(w, ui.KindSuccess, "Équipe invitée", fmt.Sprintf("%d invitation(s) envoyée(s), chacune avec un lien à usage unique valable 7 jours.", len(emails))+msgCEE)
	http.Redirect(w, r, "/couverture/"+d.E.UAI, http.StatusSeeOther)
	return nil
}

// lireEmails reads the addresses of the staff, one a line (or separated by
// « ; » or « , »), normalised and without repeats.
func lireEmails(v string) ([]string, string) {
	var out []string
	for _, f := range strings.FieldsFunc(v, func(r rune) bool { return r == '\n' || r == '\r' || r == ';' || r == ',' || r == ' ' || r == '\t' }) {
		e, err := model.NormalizeEmail(f)
		if err != nil {
			return nil, fmt.Sprintf("Adresse %q : %s", f, err.Error())
		}
		if !slices.Contains(out, e) {
			out = append(out, e)
		}
	}
	switch {
	case len(out) == 0:
		return nil, "Indiquez au moins une adresse électronique : une par ligne."
	case len(out) > workflow.MaxEquipe:
		return nil, fmt.Sprintf("%d adresses : %d au plus par envoi.", len(out), workflow.MaxEquipe)
	}
	return out, ""
}

// maxLignesEquipes bounds the schools listed on the bulk invitation page
// (a département has up to a few hundred open schools).
const maxLignesEquipes = 300

type invitationsData struct {
	Academie     string
	Departements []refdata.Departement
	Departement  string
	Modele       string
	Equipes      []store.EquipeEtablissement
	AInviter     []store.EquipeEtablissement
	Comptes      int // schools with at least one account
	Connectes    int // of which one signed in at least once
	Exemple      string
	Confirmer    bool // the pattern is valid: ask to confirm, with the numbers
	Err          string
}

// invitationsDepartement reads the form's département (one of the
// person's académie, else none) and its schools with their accounts.
func (s *Server) invitationsDepartement(r *http.Request, v url.Values) (invitationsData, error) {
	d := invitationsData{Academie: currentUser(r).P.H.Academie, Modele: strings.TrimSpace(v.Get("modele"))}
	d.Departements = refdata.DepartementsOfAcademie(d.Academie)
	dep, ok := refdata.DepartementByCode(v.Get("departement"))
	if !ok || dep.Academie != d.Academie {
		return d, nil
	}
	d.Departement = dep.Code
	var err error
	if d.Equipes, err = s.store.EquipesDepartement(r.Context(), d.Academie, d.Departement); err != nil {
		return d, err
	}
	d.AInviter = workflow.AInviter(d.Equipes)
	for _, e := range d.Equipes {
		if e.Comptes > 0 {
			d.Comptes++
		}
		if e.ConnecteLe != nil {
			d.Connectes++
		}
	}
	return d, nil
}

// handleInvitationsDepartement is the onboarding of a département's
// schools: which have accounts, which signed in, and the bulk invitation
// of those without one (issue 19 item 7).
func (s *Server) handleInvitationsDepartement(w http.ResponseWriter, r *http.Request) error {
	d, err := s.invitationsDepartement(r, r.URL.Query())
	if err != nil {
		return err
	}
	return render(w, r, http.StatusOK, invitationsPage(s.layout(r, "Inviter les établissements d'un département"), d))
}

// handleInviterDepartement checks the pattern and asks to confirm with the
// numbers; confirmed, it invites the schools without an account.
func (s *Server) handleInviterDepartement(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return withStatus(http.StatusBadRequest, err)
	}
	d, err := s.invitationsDepartement(r, r.PostForm)
	if err != nil {
		return err
	}
	page := func(status int) error {
		return render(w, r, status, invitationsPage(s.layout(r, "Inviter les établissements d'un département"), d))
	}
	if d.Departement == "" || len(d.AInviter) == 0 {
		d.Err = "Choisissez un département de votre académie qui a des établissements sans compte."
		return page(http.StatusUnprocessableEntity)
	}
	if d.Exemple, err = workflow.AdresseModele(d.Modele, d.AInviter[0].UAI); err != nil {
		d.Err = err.Error()
		return page(http.StatusUnprocessableEntity)
	}
	attendu, err := strconv.Atoi(r.PostForm.Get("confirmer"))
	if err != nil {
		d.Confirmer = true
		return page(http.StatusOK)
	}
	n, err := workflow.InviterDepartement(r.Context(), s.store, s.actor(r), s.cfg.BaseURL, d.Academie, d.Departement, d.Modele, attendu, invitationTTL)
	var refus workflow.ErreurHabilitation
	switch {
	case errors.Is(err, store.ErrConflict):
		d.Err, d.Confirmer = fmt.Sprintf("La liste a changé depuis votre confirmation : %d établissement(s) sont maintenant sans compte. Vérifiez et confirmez de nouveau.", len(d.AInviter)), true
		return page(http.StatusConflict)
	case errors.As(err, &refus):
		d.Err = refus.Message
		return page(http.StatusUnprocessableEntity)
	case err != nil:
		return err
	}
	setFlash(w, ui.KindSuccess, "Établissements invités", fmt.Sprintf("%d invitation(s) envoyée(s), chacune avec un lien à usage unique valable 7 jours. Le tableau ci-dessous suit leur première connexion.", n))
	http.Redirect(w, r, "/couverture/invitations?departement="+url.QueryEscape(d.Departement), http.StatusSeeOther)
	return nil
}

func equipesTable(d invitationsData) ui.TableParams {
	p := ui.TableParams{ID: "equipes", Caption: "Établissements ouverts du département et leurs comptes", RowHeaders: true,
		Headers: []string{"Établissement", "UAI", "Commune", "Comptes", "Invité le", "Dernière connexion"}, Empty: "Aucun établissement ouvert dans ce département."}
	date := func(t *time.Time, vide string) string {
		if t == nil {
			return vide
		}
		return model.Date(*t)
	}
	for i, e := range d.Equipes {
		if i == maxLignesEquipes {
			break
		}
		p.Rows = append(p.Rows, []ui.TableCell{{Text: e.Nom, Href: "/couverture/" + e.UAI}, {Text: e.UAI}, {Text: e.Commune},
			{Text: strconv.Itoa(e.Comptes), Numeric: true}, {Text: date(e.InviteLe, "–")}, {Text: date(e.ConnecteLe, "jamais")}})
	}
	return p
}
