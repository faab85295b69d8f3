package web

import (
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"time"

	"cee/internal/model"
	"cee/internal/policy"
	"cee/internal/store"
	"cee/internal/workflow"
)

// lignesAccueil is how many lines a section of the home page shows before
// « Tout voir ».
const lignesAccueil = 5

// homeTasks fills the signed-in person's home with their work, by role.
// Each section reads the list it links to with the same filter (a count and
// one short page), so that the home stays a few indexed queries.
func (s *Server) homeTasks(r *http.Request, u *user, d *homeData) error {
	now := time.Now()
	switch policy.AccueilOf(u.P) {
	case policy.AccueilConseiller:
		return s.homeConseiller(r, u, d, now)
	case policy.AccueilDemandeur:
		return s.homeDemandeur(r, u, d)
	case policy.AccueilPilote:
		return s.homePilote(r, u, d, now)
	case policy.AccueilExamens:
		return s.homeExamens(r, u, d)
	case policy.AccueilOrganisation:
		return s.homeOrganisation(r, u, d, now)
	case policy.AccueilInspecteur:
		return s.homeInspecteur(r, u, d)
	}
	// Admin, national reader, département, région académique, professional:
	// what waits for them, if anything, then their shortcuts.
	s.homeAttentes(r, u, d)
	if policy.Can(u.P, model.ActionLire, model.Resource{Kind: model.ResDemandes}) {
		return s.homeDemandes(r, u, d, "Demandes", nil)
	}
	return nil
}

// homeAttentes is the person's queue of « À traiter »: the header's
// numbers (read once per request), each with the list it counts.
func (s *Server) homeAttentes(r *http.Request, u *user, d *homeData) {
	lignes := s.attentes(r, u).Lignes()
	if len(lignes) == 0 {
		return
	}
	sec := homeSection{ID: "a-traiter", Title: "À traiter"}
	for _, l := range lignes {
		sec.N += l.N
		sec.Items = append(sec.Items, homeItem{Title: strconv.Itoa(l.N) + " " + l.Texte, Href: l.Href})
	}
	d.Sections = append(d.Sections, sec)
}

// homeDemandes lists the requests the person sees by default on
// /demandes (or the states given), the soonest first.
func (s *Server) homeDemandes(r *http.Request, u *user, d *homeData, title string, etats []model.EtatDemande) error {
	f, href := homeDemandesFilter(u, etats)
	list, n, err := s.store.ListDemandes(r.Context(), f)
	if err != nil {
		return err
	}
	d.Sections = append(d.Sections, homeDemandesSection(title, href, list, n))
	return nil
}

// homeDemandesFilter is the filter of a home's list of requests, and the
// link to the whole list.
func homeDemandesFilter(u *user, etats []model.EtatDemande) (store.DemandeFilter, string) {
	f := demandeFilter(u)
	f.Etats, f.Limit = workflow.EtatsParDefaut(u.P), lignesAccueil
	href := "/demandes"
	if etats != nil {
		f.Etats = etats
		q := url.Values{}
		for _, e := range etats {
			q.Add("etat", string(e))
		}
		href += "?" + q.Encode()
	}
	return f, href
}

func homeDemandesSection(title, href string, list []model.Demande, n int) homeSection {
	sec := homeSection{ID: "demandes", Title: title, N: n, Href: href, Empty: "Aucune demande en cours."}
	for _, x := range list {
		sec.Items = append(sec.Items, homeItem{Title: x.Titre, Href: "/demandes/" + itoa64(x.ID), Detail: demandeDetail(x), Etat: string(x.Etat)})
	}
	return sec
}

func demandeDetail(x model.Demande) string {
	out := x.Type.Label()
	if x.Etablissement != "" {
		out += " — " + x.Etablissement
	}
	if q := quandCourt(x); q != "" {
		out += " — " + q
	}
	return out
}

// homeDemandeur: a school's (or a partner's) requests and their state,
// « Nouvelle demande » first.
func (s *Server) homeDemandeur(r *http.Request, u *user, d *homeData) error {
	if canWriteDemande(u.P) {
		d.Action = &homeLink{Title: "Nouvelle demande", Text: "Un intervenant, une visite, un stage : décrivez votre besoin.", Href: "/demandes/nouvelle"}
	}
	s.homeAttentes(r, u, d)
	return s.homeDemandes(r, u, d, "Vos demandes", nil)
}

// homeConseiller is a CEE's inbox: what is asked of them (solicitations
// to answer, jury convocations, event invitations — each answered in one
// tap, the most urgent first), the reports to write, then their next
// appointments.
func (s *Server) homeConseiller(r *http.Request, u *user, d *homeData, now time.Time) error {
	ctx := r.Context()
	id, _ := policy.ConseillerDe(u.P)
	sc := model.Scope{Academie: u.P.H.Academie, Conseiller: strconv.FormatInt(id, 10)}
	asked := homeSection{ID: "a-repondre", Title: "Ce qu'on vous demande", Empty: "Rien à répondre pour l'instant : merci !"}
	list, n, err := s.store.ListDemandes(ctx, store.DemandeFilter{Scope: sc, File: store.FileARepondre, Now: now, Limit: lignesAccueil})
	if err != nil {
		return err
	}
	if n > len(list) {
		asked.Href = "/demandes?file=" + string(store.FileARepondre)
	}
	sollicitations, err := s.store.SollicitationsOfConseiller(ctx, id)
	if err != nil {
		return err
	}
	attente := map[int64]model.Sollicitation{} // request → my solicitation waiting
	for _, so := range sollicitations {
		if so.Etat == model.SollicitationEnvoyee {
			attente[so.DemandeID] = so
		}
	}
	// Each line asked has its deadline: the solicitation's expiry, the
	// jury's first half-day, the end of the event's registrations.
	var demandes []dated
	for _, x := range list {
		so := attente[x.ID]
		demandes = append(demandes, dated{so.ExpireLe, homeItem{Title: x.Titre, Href: "/demandes/" + itoa64(x.ID), Detail: "Sollicitation — " + demandeDetail(x),
			Sollicitation: so.ID, Accepter: !x.AChoisir()}})
	}
	rdv, err := s.store.EvenementsOf(ctx, id, now)
	if err != nil {
		return err
	}
	convocations, err := s.store.ConvocationsOf(ctx, id, now)
	if err != nil {
		return err
	}
	var next []dated
	convoque := map[int64]int{} // disponibilité → its line in demandes
	for _, c := range convocations {
		if c.Statut == "empeche" {
			continue
		}
		it := homeItem{Title: workflow.TitreJury(c.Jury) + " — " + c.Session, Detail: convocationDetail(c)}
		var jour time.Time
		if len(c.Jury.DemiJournees) > 0 {
			if cr, err := model.ParseCreneau(c.Jury.DemiJournees[0]); err == nil {
				jour = cr.Jour
				next = append(next, dated{cr.Jour, it})
			}
		}
		if c.Statut != "convoque" {
			continue
		}
		// One answer covers every seat of the session: one line for them.
		if i, ok := convoque[c.Disponibilite]; ok {
			x := &demandes[i]
			x.item.Title += ", " + c.Jury.Code
			x.item.Detail += " ; jury " + c.Jury.Code + " : " + convocationDetail(c)
			if !jour.IsZero() && (x.at.IsZero() || jour.Before(x.at)) {
				x.at = jour
			}
			continue
		}
		it.Title = "Convocation : jury " + c.Jury.Code + " — " + c.Session
		it.Convocation = c.Disponibilite
		convoque[c.Disponibilite] = len(demandes)
		demandes = append(demandes, dated{jour, it})
	}
	for _, x := range rdv {
		e := x.Evenement
		it := homeItem{Title: e.Titre, Href: "/animation/evenements/" + itoa64(e.ID), Detail: e.Type.Label() + " — " + model.Date(e.Debut) + " — " + x.Etat.Label()}
		if x.Etat == model.ParticipationInvite {
			it.Detail = "Invitation — " + it.Detail
			it.Inscription = e.ID
			limite := e.Debut
			if !e.InscriptionsAvant.IsZero() {
				limite = e.InscriptionsAvant
			}
			demandes = append(demandes, dated{limite, it})
			continue
		}
		next = append(next, dated{e.Debut, it})
	}
	// The most urgent first; a line without a deadline last.
	sort.SliceStable(demandes, func(i, j int) bool {
		a, b := demandes[i].at, demandes[j].at
		if a.IsZero() || b.IsZero() {
			return !a.IsZero() && b.IsZero()
		}
		return a.Before(b)
	})
	for _, x := range demandes {
		asked.Items = append(asked.Items, x.item)
	}
	asked.N = n + len(asked.Items) - len(list)
	d.Sections = append(d.Sections, asked)

	cr, n, err := s.store.ListDemandes(ctx, store.DemandeFilter{Scope: sc, File: store.FileCompteRendu, Now: now, Limit: lignesAccueil})
	if err != nil {
		return err
	}
	if n > 0 {
		sec := homeSection{ID: "comptes-rendus", Title: "Comptes rendus à écrire", N: n, Href: "/demandes?file=" + string(store.FileCompteRendu)}
		for _, x := range cr {
			sec.Items = append(sec.Items, homeItem{Title: x.Titre, Href: "/demandes/" + itoa64(x.ID) + "#compte-rendu", Detail: demandeDetail(x)})
		}
		d.Sections = append(d.Sections, sec)
	}

	actions, _, err := s.store.ListDemandes(ctx, store.DemandeFilter{Scope: sc, File: store.FileAVenir, Now: now, Limit: lignesAccueil})
	if err != nil {
		return err
	}
	for _, x := range actions {
		next = append(next, dated{x.PremierJour(), homeItem{Title: x.Titre, Href: "/demandes/" + itoa64(x.ID), Detail: "Action — " + demandeDetail(x)}})
	}
	sort.SliceStable(next, func(i, j int) bool { return next[i].at.Before(next[j].at) })
	sec := homeSection{ID: "rendez-vous", Title: "Vos prochains rendez-vous", Empty: "Aucun rendez-vous à venir."}
	for _, x := range next[:min(len(next), 2*lignesAccueil)] {
		sec.Items = append(sec.Items, x.item)
	}
	sec.N = len(sec.Items)
	d.Sections = append(d.Sections, sec)
	d.Links = append([]homeLink{{"Mon agenda dans mon téléphone", "Vos rendez-vous dans l'agenda de votre téléphone, mis à jour tout seul.", "/compte#agenda"}}, d.Links...)
	return nil
}

// dated is a line of « Vos prochains rendez-vous » with its day, to sort.
type dated struct {
	at   time.Time
	item homeItem
}

func convocationDetail(c store.Convocation) string {
	out := c.Jury.Centre
	for i, h := range c.Jury.DemiJournees {
		if i == 0 && out != "" {
			out += " — "
		} else if i > 0 {
			out += ", "
		}
		out += model.DemiJourneeLabel(h)
	}
	if l := model.StatutMembreLabel(c.Statut); l != "" {
		out += " — " + l
	}
	return out
}

// homePilote is the académie's queue: requests to triage, candidatures
// to instruct (the header's « À traiter »), mandates ending and
// conventions expiring.
func (s *Server) homePilote(r *http.Request, u *user, d *homeData, now time.Time) error {
	ctx := r.Context()
	s.homeAttentes(r, u, d)
	v, err := s.vuePilote(r, u, now)
	if err != nil {
		return err
	}
	n := v.finMandat
	echeances := homeSection{ID: "echeances", Title: "Échéances", Empty: "Aucun mandat ni convention n'arrive à échéance dans les " + strconv.Itoa(model.JoursFinMandat) + " jours."}
	if n > 0 {
		echeances.Items = append(echeances.Items, homeItem{Title: strconv.Itoa(n) + " mandat(s) finissant dans les " + strconv.Itoa(model.JoursFinMandat) + " jours", Href: "/mandats"})
		echeances.N += n
	}
	conventions, err := s.store.ListConventions(ctx, u.P.H.Academie)
	if err != nil {
		return err
	}
	limite := now.AddDate(0, 0, model.JoursFinMandat)
	for _, c := range conventions {
		if c.Etat == model.ConventionSignee && c.EnVigueur(now) && c.Fin().Before(limite) {
			echeances.Items = append(echeances.Items, homeItem{Title: "Convention de " + c.Organisation + " : fin le " + model.Date(c.Fin()),
				Href: "/conventions/" + itoa64(c.ID), Detail: c.Libelle()})
			echeances.N++
		}
	}
	d.Sections = append(d.Sections, echeances)
	d.Sections = append(d.Sections, homeDemandesSection("Demandes en cours", v.href, v.demandes, v.total))
	return nil
}

// vuePilote is what a pilote's home reads from the académie's requests and
// designations.
type vuePilote struct {
	finMandat int
	demandes  []model.Demande
	total     int
	href      string
}

// vuePilote reads it, from this instance's memory while the académie's
// requests, solicitations and designations are unchanged and for at most a
// minute (store.Memoriser): pilotes open their home more than any page, and
// the count of ending mandates and the open requests' page cost 3.9 ms of
// CPU per view on the national SQLite demo (1.0 + 2.5 ms on PostgreSQL),
// over the home's 2 ms budget (issue 21). The key holds the whole filter,
// the reader included, and nothing that changes with the clock: memory
// keeps one entry per key for good, and the minute already bounds how old
// the mandates' window may be.
func (s *Server) vuePilote(r *http.Request, u *user, now time.Time) (vuePilote, error) {
	ctx := r.Context()
	f, href := homeDemandesFilter(u, nil)
	compute := func() (vuePilote, error) {
		v := vuePilote{href: href}
		var err error
		// The filter of /mandats (handleMandats).
		v.finMandat, err = s.store.CountConseillers(ctx, store.ConseillerFilter{Scope: policy.ScopeOf(u.P), File: store.FileFinMandat, Now: now})
		if err != nil {
			return v, err
		}
		v.demandes, v.total, err = s.store.ListDemandes(ctx, f)
		return v, err
	}
	if u.P.H.Academie == "" {
		// No académie's version says when a national view changes.
		return compute()
	}
	cle := fmt.Sprintf("accueil-pilote %+v", f)
	return store.Memoriser(ctx, s.store, store.VersionsAcademie, u.P.H.Academie, cle, now, time.Minute, compute)
}

// homeExamens: the exam sessions and their state.
func (s *Server) homeExamens(r *http.Request, u *user, d *homeData) error {
	list, err := s.store.ListSessionsExamen(r.Context(), u.P.H.Academie)
	if err != nil {
		return err
	}
	d.Action = &homeLink{Title: "Sessions d'examen", Text: "Créer une session, importer ses jurys, demander les disponibilités.", Href: "/jurys"}
	sec := homeSection{ID: "sessions", Title: "Sessions d'examen", N: len(list), Href: "/jurys", Empty: "Aucune session : créez la première depuis la page des jurys."}
	for _, x := range list[:min(len(list), lignesAccueil)] {
		sec.Items = append(sec.Items, homeItem{Title: x.Nom, Href: "/jurys/" + itoa64(x.ID), Detail: "du " + model.Date(x.Debut) + " au " + model.Date(x.Fin) + " — " + x.Etat.Label()})
	}
	d.Sections = append(d.Sections, sec)
	return nil
}

// homeOrganisation: the organisation's candidates waiting for the
// académie, and the objectives of its convention in force.
func (s *Server) homeOrganisation(r *http.Request, u *user, d *homeData, now time.Time) error {
	ctx := r.Context()
	if err := s.homeConseillers(r, u, d, "candidats", "Vos candidats en attente d'instruction", store.FileAInstruire, "Aucun candidat en attente."); err != nil {
		return err
	}
	org, _ := policy.OrganisationDe(u.P)
	list, err := s.store.ConventionsOfOrganisation(ctx, u.P.H.Academie, org)
	if err != nil {
		return err
	}
	sec := homeSection{ID: "objectifs", Title: "Objectifs de votre convention", Href: "/mes-conventions", Empty: "Aucune convention en vigueur avec l'académie."}
	for _, c := range list {
		if !c.EnVigueur(now) {
			continue
		}
		it := homeItem{Title: capitalize(c.Libelle()), Href: "/mes-conventions", Detail: c.Objectifs}
		if c.ObjectifCEE > 0 {
			it.Detail = strconv.Itoa(c.ObjectifCEE) + " CEE visés. " + it.Detail
		}
		sec.Items = append(sec.Items, it)
	}
	sec.N = len(sec.Items)
	d.Sections = append(d.Sections, sec)
	return nil
}

// homeInspecteur: the candidatures awaiting the inspection's opinion.
func (s *Server) homeInspecteur(r *http.Request, u *user, d *homeData) error {
	if err := s.homeConseillers(r, u, d, "avis", "Avis à donner", store.FileAAviser, "Aucun avis attendu de l'inspection."); err != nil {
		return err
	}
	s.homeAttentes(r, u, d)
	return nil
}

// homeConseillers is a queue of the directory (conds.go's File), read by
// the directory's own filter for the role: its total is the list's.
func (s *Server) homeConseillers(r *http.Request, u *user, d *homeData, id, title string, file store.File, empty string) error {
	q := url.Values{"file": {string(file)}}
	f, err := workflow.FiltreAnnuaire(u.P, q)
	if err != nil {
		return err
	}
	f.Limit = lignesAccueil
	list, n, err := s.store.SearchConseillers(r.Context(), f)
	if err != nil {
		return err
	}
	sec := homeSection{ID: id, Title: title, N: n, Href: "/conseillers?" + q.Encode(), Empty: empty}
	for _, c := range list {
		sec.Items = append(sec.Items, homeItem{Title: c.NomComplet(), Href: "/conseillers/" + itoa64(c.ID), Detail: c.Employeur})
	}
	d.Sections = append(d.Sections, sec)
	return nil
}
