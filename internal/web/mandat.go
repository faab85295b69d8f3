package web

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"cee/internal/model"
	"cee/internal/policy"
	"cee/internal/store"
	"cee/internal/web/ui"
	"cee/internal/workflow"
)

// echeance is one mandate ending soon, with its CEE.
type echeance struct {
	D model.Designation
	C model.Conseiller
}

// mandatsData is the page of mandates ending soon; Avant and Confirmation
// are the renewal campaign's date and confirmation step.
type mandatsData struct {
	List         []echeance
	CanRenew     bool
	Avant        string
	Confirmation *confirmation
}

// handleMandats lists the mandates of the scope ending within 90 days.
func (s *Server) handleMandats(w http.ResponseWriter, r *http.Request) error {
	return s.mandatsPage(w, r, http.StatusOK, mandatsData{})
}

func (s *Server) mandatsPage(w http.ResponseWriter, r *http.Request, status int, d mandatsData) error {
	u := currentUser(r)
	// The dashboards' « mandats arrivant à échéance » counts these very CEE
	// (store.FileFinMandat).
	cs, _, err := s.store.SearchConseillers(r.Context(), store.ConseillerFilter{Scope: policy.ScopeOf(u.P), File: store.FileFinMandat,
		Now: time.Now(), Tri: store.TriFin, Limit: 10000})
	if err != nil {
		return err
	}
	list := make([]echeance, 0, len(cs))
	for _, c := range cs {
		list = append(list, echeance{D: model.Designation{ConseillerID: c.ID, Etat: c.Etat, Fin: c.FinMandat}, C: c})
	}
	d.List, d.CanRenew = list, policy.LanceRenouvellements(u.P)
	return render(w, r, status, mandatsPage(s.layout(r, "Mandats arrivant à échéance"), d))
}

func (s *Server) echeances(r *http.Request, before time.Time) ([]echeance, error) {
	u := currentUser(r)
	sc := policy.ScopeOf(u.P)
	ds, err := s.store.DesignationsEnding(r.Context(), sc.Academie, before)
	if err != nil {
		return nil, err
	}
	var out []echeance
	for _, d := range ds {
		if d.Etat != model.DesignationActive {
			continue
		}
		c, err := s.store.GetConseillerInScope(r.Context(), d.ConseillerID, sc)
		if err != nil {
			continue // outside an organisation's scope, for instance
		}
		out = append(out, echeance{D: d, C: c})
	}
	return out, nil
}

// handleRenouvellement proposes, in one action, the renewal of every running
// mandate of the scope that ends before the date given.
func (s *Server) handleRenouvellement(w http.ResponseWriter, r *http.Request) error {
	u := currentUser(r)
	before, err := time.Parse("2006-01-02", r.PostFormValue("avant"))
	if err != nil {
		return withStatus(http.StatusBadRequest, fmt.Errorf("date « %s » invalide : format attendu AAAA-MM-JJ", r.PostFormValue("avant")))
	}
	list, err := s.echeances(r, before)
	if err != nil {
		return err
	}
	// No mail leaves before the person has read how many mandates and
	// CEE the campaign concerns.
	ask := func(status int, stale string) error {
		return s.mandatsPage(w, r, status, mandatsData{Avant: before.Format("2006-01-02"), Confirmation: &confirmation{ID: "renouvellement-confirmation",
			Titre: "Vérifiez avant de proposer", Compte: len(list), Err: stale, Annuler: "/mandats",
			Bouton: fmt.Sprintf("Proposer %d renouvellement(s)", len(list)),
			Lignes: []string{fmt.Sprintf("%d mandat(s) en cours finissant avant le %s passeront « en renouvellement » ; %d conseiller(s) en seront informé(s) par courriel.", len(list), model.Date(before), len(list)),
				"Chaque renouvellement se prononce ensuite par un arrêté, un par un ou collectif."}}})
	}
	attendu, ok := confirme(r)
	if !ok {
		return ask(http.StatusOK, "")
	}
	if err := workflow.Decompte("mandats à renouveler", attendu, len(list)); err != nil {
		msg, _ := decompteChange(err)
		return ask(http.StatusConflict, msg)
	}
	n := 0
	for _, e := range list {
		_, err := workflow.Transition(r.Context(), s.store, workflow.Actor{Compte: u.Compte, P: u.P, IP: clientIP(r)}, s.cfg.BaseURL, e.C.ID,
			model.Transition{To: model.DesignationRenouvellement})
		if err != nil && !errors.Is(err, store.ErrConflict) {
			return err
		}
		if err == nil {
			n++
		}
	}
	setFlash(w, ui.KindSuccess, fmt.Sprintf("%d renouvellement(s) proposé(s)", n), "Les conseillers concernés en sont informés par courriel.")
	http.Redirect(w, r, "/mandats", http.StatusSeeOther)
	return nil
}

func echeanceTable(list []echeance) ui.TableParams {
	t := ui.TableParams{Caption: "Mandats arrivant à échéance dans les 90 jours", Bordered: true,
		Headers: []string{"Conseiller", "Organisation", "Fin du mandat", "Dans"}, Empty: "Aucun mandat n'arrive à échéance dans les 90 jours."}
	for _, e := range list {
		days := int(time.Until(*e.D.Fin).Hours() / 24)
		t.Rows = append(t.Rows, []ui.TableCell{{Text: e.C.NomComplet(), Href: "/conseillers/" + itoa64(e.C.ID)}, {Text: e.C.Organisation},
			{Text: model.Date(*e.D.Fin)}, {Text: fmt.Sprintf("%d jours", days), Numeric: true}})
	}
	return t
}

// debutHint says when a mandate starts: a renewal, the day after the
// running one ends.
func debutHint(d conseillerShowData) string {
	if d.D != nil && d.D.Etat == model.DesignationRenouvellement && d.D.Fin != nil {
		return "Le lendemain de la fin du mandat en cours : " + model.Date(d.D.Fin.AddDate(0, 0, 1)) + ". Le mandat dure 3 ans."
	}
	return "Le mandat dure 3 ans."
}

// debutValue proposes the renewal's first day, the day after the running
// mandate ends, unless the pilote typed one.
func debutValue(d conseillerShowData) string {
	if v := d.Form.Get("debut"); v != "" {
		return v
	}
	if d.D != nil && d.D.Etat == model.DesignationRenouvellement && d.D.Fin != nil {
		return d.D.Fin.AddDate(0, 0, 1).Format("2006-01-02")
	}
	return ""
}

// mandatTable is a CEE's history of mandates, each with its arrêté.
func mandatTable(c model.Conseiller, list []model.Mandat) ui.TableParams {
	t := ui.TableParams{Caption: "Historique des mandats", CaptionHidden: true, Bordered: true,
		Headers: []string{"Arrêté", "Mandat", "Organisation", "Convention", "État", "Document"}}
	now := time.Now()
	for _, m := range list {
		arrete := "n° " + m.NumeroArrete + " du " + model.Date(m.DateArrete)
		if m.Collectif {
			arrete += " (collectif)"
		}
		if m.Renouvellement {
			arrete += ", renouvellement"
		}
		conv := "Aucune — dérogation : " + m.Derogation
		if m.Convention != nil {
			conv = m.Convention.Libelle()
		} else if m.Derogation == "" {
			conv = "Aucune"
		}
		t.Rows = append(t.Rows, []ui.TableCell{{Text: arrete}, {Text: "du " + model.Date(m.Debut) + " au " + model.Date(m.Fin)}, {Text: m.Organisation},
			{Text: conv}, {Text: m.EtatMandat(now)},
			{Text: "Arrêté n° " + m.NumeroArrete + " (PDF)", Href: fmt.Sprintf("/conseillers/%d/mandats/%d/arrete.pdf", c.ID, m.ID)}})
	}
	return t
}

// collectifData is the form of a collective arrêté: the CEE it may name,
// the common arrêté, and, after it is pronounced, the result.
type collectifData struct {
	Candidats []ui.Option
	Coches    []string
	V         url.Values
	Errs      map[string]string
	Err       string // the refusal, naming the person
	// Fait is the arrêté just pronounced, with how many people it names.
	Fait        string
	FaitNombre  int
	Renouveles  int
	AvecDerogat bool
	// Confirmer is the step that states how many people the arrêté names,
	// before it is pronounced.
	Confirmer *confirmation
}

// candidatsCollectif lists who a collective arrêté may name: the mandates
// of the scope ending within 90 days or whose renewal is proposed (to
// renew), and the candidatures being instructed (to designate).
func (s *Server) candidatsCollectif(r *http.Request) ([]ui.Option, error) {
	u := currentUser(r)
	sc := policy.ScopeOf(u.P)
	var out []ui.Option
	seen := map[int64]bool{}
	ending, err := s.echeances(r, time.Now().AddDate(0, 0, 90))
	if err != nil {
		return nil, err
	}
	for _, e := range ending {
		seen[e.C.ID] = true
		out = append(out, ui.Option{Value: itoa64(e.C.ID), Label: e.C.NomComplet() + " — renouvellement",
			Hint: e.C.Organisation + ", mandat jusqu'au " + model.Date(*e.D.Fin) + " : le nouveau commence le " + model.Date(e.D.Fin.AddDate(0, 0, 1))})
	}
	for _, etat := range []model.EtatDesignation{model.DesignationRenouvellement, model.DesignationEnInstruction} {
		list, _, err := s.store.SearchConseillers(r.Context(), store.ConseillerFilter{Scope: sc, Etat: etat, Limit: 500})
		if err != nil {
			return nil, err
		}
		for _, c := range list {
			if seen[c.ID] {
				continue
			}
			seen[c.ID] = true
			o := ui.Option{Value: itoa64(c.ID), Label: c.NomComplet() + " — désignation", Hint: c.Organisation + ", candidature en instruction"}
			if etat == model.DesignationRenouvellement {
				o.Label = c.NomComplet() + " — renouvellement"
				if c.FinMandat != nil {
					o.Hint = c.Organisation + ", renouvellement proposé, mandat jusqu'au " + model.Date(*c.FinMandat) + " : le nouveau commence le " + model.Date(c.FinMandat.AddDate(0, 0, 1))
				}
			}
			out = append(out, o)
		}
	}
	return out, nil
}

func (s *Server) collectifPage(w http.ResponseWriter, r *http.Request, status int, d collectifData) error {
	var err error
	if d.Candidats, err = s.candidatsCollectif(r); err != nil {
		return err
	}
	return render(w, r, status, collectifPage(s.layout(r, "Désignation ou renouvellement collectif"), d))
}

// handleCollectifForm shows the collective arrêté's form, with the CEE
// given in the address (?c=…) ticked, or the arrêté just pronounced.
func (s *Server) handleCollectifForm(w http.ResponseWriter, r *http.Request) error {
	u := currentUser(r)
	d := collectifData{V: url.Values{}, Errs: map[string]string{}, Coches: r.URL.Query()["c"]}
	if n := r.URL.Query().Get("fait"); n != "" {
		ms, err := s.store.MandatsOfArrete(r.Context(), u.P.H.Academie, n)
		if err != nil {
			return err
		}
		d.Fait, d.FaitNombre = n, len(ms)
		for _, m := range ms {
			if m.Renouvellement {
				d.Renouveles++
			}
		}
	}
	return s.collectifPage(w, r, http.StatusOK, d)
}

// handleCollectif pronounces one collective arrêté for the CEE ticked:
// all of them, or, if one cannot be, none (the message names the person).
func (s *Server) handleCollectif(w http.ResponseWriter, r *http.Request) error {
	r.ParseForm()
	v := r.PostForm
	d := collectifData{V: v, Errs: map[string]string{}, Coches: v["conseillers"], AvecDerogat: v.Get("sans_convention") == "1"}
	arr := model.Arrete{Numero: strings.TrimSpace(v.Get("numero"))}
	for _, f := range []struct {
		name string
		dst  *time.Time
	}{{"date_arrete", &arr.Date}, {"debut", &arr.Debut}} {
		if x := v.Get(f.name); x != "" {
			t, err := time.Parse("2006-01-02", x)
			if err != nil {
				d.Errs[f.name] = "Date invalide : choisissez une date (JJ/MM/AAAA)."
			}
			*f.dst = t
		}
	}
	for k, msg := range arr.Errors() {
		if d.Errs[k] == "" {
			d.Errs[k] = msg
		}
	}
	var ids []int64
	for _, x := range d.Coches {
		id, err := strconv.ParseInt(x, 10, 64)
		if err != nil {
			return withStatus(http.StatusBadRequest, fmt.Errorf("identifiant « %s » invalide", x))
		}
		ids = append(ids, id)
	}
	if len(ids) == 0 {
		d.Errs["conseillers"] = "Cochez au moins un conseiller."
	}
	if len(d.Errs) > 0 {
		return s.collectifPage(w, r, http.StatusUnprocessableEntity, d)
	}
	derogation := ""
	if d.AvecDerogat {
		derogation = strings.TrimSpace(v.Get("derogation"))
	}
	// First the numbers, with the same checks, nothing kept; then, with the
	// number confirmed, the arrêté.
	n, confirmed := confirme(r)
	var designes, renouveles int
	var err error
	if confirmed {
		designes, renouveles, err = workflow.PrononcerCollectif(r.Context(), s.store, s.actor(r), s.cfg.BaseURL, ids, arr, derogation, n)
	} else {
		designes, renouveles, err = workflow.ApercuCollectif(r.Context(), s.store, s.actor(r), ids, arr, derogation)
	}
	stale, isStale := decompteChange(err)
	if isStale {
		// What changed meanwhile: the numbers now, to confirm again.
		if designes, renouveles, err = workflow.ApercuCollectif(r.Context(), s.store, s.actor(r), ids, arr, derogation); err == nil {
			d.Confirmer = confirmationCollectif(arr, designes, renouveles, stale)
			return s.collectifPage(w, r, http.StatusConflict, d)
		}
	}
	if ue, ok := model.ErreurUtilisateur(err); ok && ue != model.ErrConflit && ue != model.ErrIntrouvable {
		d.Err = ue.Message
		if ue.Champ == "numero" {
			d.Errs["numero"] = ue.Message
		}
		d.AvecDerogat = d.AvecDerogat || errors.Is(err, model.ErrSansConvention)
		return s.collectifPage(w, r, http.StatusUnprocessableEntity, d)
	}
	if err != nil {
		return err
	}
	if !confirmed {
		d.Confirmer = confirmationCollectif(arr, designes, renouveles, "")
		return s.collectifPage(w, r, http.StatusOK, d)
	}
	n = designes + renouveles
	personnes := "personne"
	if n > 1 {
		personnes = "personnes"
	}
	setFlash(w, ui.KindSuccess, fmt.Sprintf("Arrêté collectif n° %s : %d %s", arr.Numero, n, personnes),
		fmt.Sprintf("%d renouvellement(s) et %d désignation(s). Chaque conseiller en est informé par courriel.", renouveles, designes))
	http.Redirect(w, r, "/mandats/collectif?fait="+url.QueryEscape(arr.Numero), http.StatusSeeOther)
	return nil
}

// confirmationCollectif states what the arrêté will do, in numbers.
func confirmationCollectif(arr model.Arrete, designes, renouveles int, err string) *confirmation {
	return &confirmation{ID: "confirmer-collectif", Titre: "Confirmer l'arrêté collectif n° " + arr.Numero,
		Lignes: []string{
			fmt.Sprintf("Il nommera %d personne(s) : %d désignation(s) et %d renouvellement(s), à compter du %s.",
				designes+renouveles, designes, renouveles, arr.Debut.Format("02/01/2006")),
			"Chacune en sera informée par courriel. Un arrêté prononcé ne s'annule pas ici.",
		},
		Compte: designes + renouveles, Bouton: "Prononcer l'arrêté", Annuler: "/mandats/collectif", Err: err}
}
