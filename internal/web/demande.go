package web

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
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

// demandeFilter is what the signed-in person may see of requests.
func demandeFilter(u *user) store.DemandeFilter { return workflow.FiltreDemandes(u.P) }

func canWriteDemande(p model.Principal) bool {
	return policy.Can(p, model.ActionGerer, model.Resource{Kind: model.ResDemandes})
}

type demandeListData struct {
	Items       []model.Demande
	Total, Page int
	Pages       int
	Query       url.Values
	CanCreate   bool
	CanExport   bool
}

// handleDemandeList lists the requests the person may see, the soonest
// first; a pilote sees the open ones by default.
func (s *Server) handleDemandeList(w http.ResponseWriter, r *http.Request) error {
	u := currentUser(r)
	f := demandeFilter(u)
	q := r.URL.Query()
	if v := q.Get("file"); v != "" {
		// A queue of « À traiter »: the list its counter counts.
		file, ok := store.ParseFile(v)
		if !ok {
			return withStatus(http.StatusBadRequest, fmt.Errorf("file %q inconnue", v))
		}
		f.File, f.Now = file, time.Now()
	}
	switch v := q.Get("etat"); v {
	case "":
		// A queue's list shows every state the queue names.
		if f.File == store.FileAucune {
			f.Etats = workflow.EtatsParDefaut(u.P)
		}
	case "tous":
	default:
		if model.EtatDemande(v).Label() == "" {
			return withStatus(http.StatusBadRequest, fmt.Errorf("état %q inconnu", v))
		}
		f.Etats = []model.EtatDemande{model.EtatDemande(v)}
	}
	if v := q.Get("type"); v != "" {
		if model.TypeDemande(v).Label() == "" {
			return withStatus(http.StatusBadRequest, fmt.Errorf("type %q inconnu", v))
		}
		f.Type = model.TypeDemande(v)
	}
	page, err := pageParam(r)
	if err != nil {
		return err
	}
	f.Limit, f.Offset = pageSize, (page-1)*pageSize
	items, total, err := s.store.ListDemandes(r.Context(), f)
	if err != nil {
		return err
	}
	d := demandeListData{Items: items, Total: total, Page: page, Pages: max(1, (total+pageSize-1)/pageSize), Query: q, CanCreate: canWriteDemande(u.P),
		CanExport: policy.Can(u.P, model.ActionExporter, model.Resource{Kind: model.ResDemandes})}
	return render(w, r, http.StatusOK, demandeListPage(s.layout(r, "Demandes"), d))
}

type demandeForm struct {
	ID        int64
	V         url.Values
	Errs      map[string]string
	FixedUAI  string // a school's staff write for their school
	Etab      string
	AskAcad   bool // an admin chooses the académie
	Academies []refdata.Academie
	// Alertes are the problems of the dates typed (public holiday, Sunday,
	// school holidays); sending again with the same dates (Confirme)
	// confirms them.
	Alertes  []string
	Confirme string
	// Unites are the units the request may be attached to (a select with
	// « Aucune »); a unit's animator writes for their unit, Unite, for one
	// of its Membres.
	Unites  []model.Campus
	Unite   model.Campus
	Membres []model.Etablissement
}

func (s *Server) newDemandeForm(r *http.Request, v url.Values) (demandeForm, error) {
	u := currentUser(r)
	f := demandeForm{V: v, Errs: map[string]string{}}
	if uai, ok := policy.EtablissementDe(u.P); ok {
		f.FixedUAI = uai
		if e, err := s.store.GetEtablissement(r.Context(), f.FixedUAI); err == nil {
			f.Etab = e.Nom
		}
	}
	if u.P.H.Academie == "" {
		f.AskAcad, f.Academies = true, refdata.Academies()
	}
	var err error
	if id, ok := policy.CampusDe(u.P); ok {
		if f.Unite, err = s.store.GetCampus(r.Context(), id); err != nil && !errors.Is(err, store.ErrNotFound) {
			return f, err
		}
		if policy.CampusVisible(u.P, f.Unite) {
			f.Membres, err = s.store.ListCampusEtablissements(r.Context(), id)
		}
		return f, err
	}
	f.Unites, err = s.store.ListCampusMembre(r.Context(), u.P.H.Academie, f.FixedUAI)
	return f, err
}

func (s *Server) handleDemandeForm(w http.ResponseWriter, r *http.Request) error {
	u := currentUser(r)
	v := url.Values{"personnes": {"1"}, "contact_nom": {u.Compte.Nom}, "contact_email": {u.Compte.Email}}
	f, err := s.newDemandeForm(r, v)
	if err != nil {
		return err
	}
	return render(w, r, http.StatusOK, demandeFormPage(s.layout(r, "Nouvelle demande"), f))
}

// demandeOfForm reads the form into a request; errs holds what could not
// be read (formats), workflow.LireDemande checks the references and
// model.Demande.Errors the rest.
func (s *Server) demandeOfForm(r *http.Request, f *demandeForm) model.Demande {
	u := currentUser(r)
	v := func(k string) string { return strings.TrimSpace(r.PostFormValue(k)) }
	in := workflow.SaisieDemande{ID: f.ID, Type: model.TypeDemande(v("type")), Titre: v("titre"), Description: v("description"),
		Lieu: v("lieu"), ContactNom: v("contact_nom"), ContactEmail: v("contact_email"), ContactTelephone: v("contact_telephone"),
		Academie: v("academie"), UAI: v("uai"), Commune: v("commune"), Niveaux: r.PostForm["niveaux"], NAF: []string{v("naf")},
		Familles: r.PostForm["familles"], Metiers: []string{v("metiers")}, Specialites: []string{v("specialites")},
		DatesAuChoix: v("dates_au_choix") == "1"}
	if id, msg := campusSaisi(v("campus")); msg != "" {
		f.Errs["campus"] = msg
	} else {
		in.CampusID = id
	}
	for _, k := range []struct {
		name string
		dst  *int
	}{{"eleves", &in.Eleves}, {"personnes", &in.Personnes}, {"places", &in.Places}, {"distance_max_km", &in.DistanceMaxKm}} {
		if x := v(k.name); x != "" {
			n, err := strconv.Atoi(x)
			if err != nil {
				f.Errs[k.name] = "Un nombre entier."
			}
			*k.dst = n
		}
	}
	for i := 1; i <= 3; i++ {
		day := v(fmt.Sprintf("date%d", i))
		if day == "" {
			continue
		}
		c, err := model.ParseCreneau(day + v(fmt.Sprintf("moment%d", i)))
		if err != nil {
			f.Errs["dates"] = "Date invalide : format attendu JJ/MM/AAAA."
			continue
		}
		in.Creneaux = append(in.Creneaux, c)
	}
	if du, au := v("du"), v("au"); du != "" || au != "" {
		a, err1 := time.Parse("2006-01-02", du)
		b, err2 := time.Parse("2006-01-02", au)
		if err1 != nil || err2 != nil {
			f.Errs["dates"] = "Période : deux dates au format JJ/MM/AAAA."
		} else {
			in.Debut, in.Fin = &a, &b
		}
	}
	if x := v("distance_max_km"); x != "" && f.Errs["distance_max_km"] == "" {
		if m := model.ErreurDistanceSaisie(in.DistanceMaxKm); m != "" {
			f.Errs["distance_max_km"] = m
		}
	}
	return workflow.LireDemande(r.Context(), s.store, u.P, u.Compte.ID, in, f.Errs)
}

// saveDemande creates or updates a draft, and sends it when asked.
func (s *Server) saveDemande(w http.ResponseWriter, r *http.Request, f demandeForm) error {
	u := currentUser(r)
	d := s.demandeOfForm(r, &f)
	soumettre := r.PostFormValue("action") == "soumettre"
	workflow.ControlerDemande(d, soumettre, f.Errs)
	if len(f.Errs) > 0 {
		f.Alertes = workflow.AlertesDates(d)
		return render(w, r, http.StatusUnprocessableEntity, demandeFormPage(s.layout(r, "Demande"), f))
	}
	if soumettre {
		// A date on a public holiday, a Sunday or in the holidays is
		// probably a slip: the school confirms it by sending again.
		if f.Alertes = workflow.AlertesDates(d); len(f.Alertes) > 0 && r.PostFormValue("dates_confirmees") != datesKey(d) {
			f.Confirme = datesKey(d)
			return render(w, r, http.StatusOK, demandeFormPage(s.layout(r, "Demande"), f))
		}
	}
	id, err := workflow.EnregistrerDemande(r.Context(), s.store, s.actor(r), s.cfg.BaseURL, d, soumettre)
	if errors.Is(err, store.ErrConflict) {
		f.Errs["titre"] = "La demande a déjà été envoyée : elle ne se modifie plus ici."
		return render(w, r, http.StatusConflict, demandeFormPage(s.layout(r, "Demande"), f))
	}
	if err != nil {
		return err
	}
	if soumettre {
		setFlash(w, ui.KindSuccess, "Demande envoyée", "La mission école-entreprise de l'académie la reçoit ; vous serez informé par courriel.")
	} else {
		setFlash(w, ui.KindInfo, "Brouillon enregistré", "Envoyez-le quand il est complet.")
	}
	_ = u
	http.Redirect(w, r, "/demandes/"+itoa64(id), http.StatusSeeOther)
	return nil
}

// datesKey names the dates a school confirmed despite the warnings: other
// dates are checked again.
func datesKey(d model.Demande) string {
	var parts []string
	for _, c := range d.Creneaux {
		parts = append(parts, c.String())
	}
	return strings.Join(parts, "|")
}

// handleDemandeDates is the form's live check of the dates typed (htmx,
// on change): the same warnings the form shows when sent.
func (s *Server) handleDemandeDates(w http.ResponseWriter, r *http.Request) error {
	r.ParseForm()
	r.PostForm = r.Form // demandeOfForm reads the form's fields
	f, err := s.newDemandeForm(r, r.Form)
	if err != nil {
		return err
	}
	d := s.demandeOfForm(r, &f)
	return render(w, r, http.StatusOK, alertesDates(workflow.AlertesDates(d), ""))
}

func todayParis() time.Time {
	n := time.Now().In(model.Paris)
	return time.Date(n.Year(), n.Month(), n.Day(), 0, 0, 0, 0, time.UTC)
}

func (s *Server) actor(r *http.Request) workflow.Actor {
	u := currentUser(r)
	return workflow.Actor{Compte: u.Compte, P: u.P, IP: clientIP(r)}
}

func (s *Server) handleDemandeCreate(w http.ResponseWriter, r *http.Request) error {
	r.ParseForm()
	f, err := s.newDemandeForm(r, r.PostForm)
	if err != nil {
		return err
	}
	return s.saveDemande(w, r, f)
}

// ownDraft reads a draft its author may still change.
func (s *Server) ownDraft(r *http.Request) (model.Demande, error) {
	u := currentUser(r)
	id, err := pathID(r)
	if err != nil {
		return model.Demande{}, err
	}
	d, err := s.store.GetDemande(r.Context(), id, demandeFilter(u))
	if err != nil {
		return d, err
	}
	if d.AuteurID != u.Compte.ID || d.Etat != model.DemandeBrouillon {
		return d, withStatus(http.StatusConflict, errors.New("seul l'auteur modifie sa demande, tant qu'elle est un brouillon"))
	}
	return d, nil
}

func (s *Server) handleDemandeEdit(w http.ResponseWriter, r *http.Request) error {
	d, err := s.ownDraft(r)
	if err != nil {
		return err
	}
	v := valuesOfDemande(d)
	if e, err := s.store.GetEtablissement(r.Context(), d.UAI); d.UAI != "" && err == nil {
		v.Set("uai", workflow.LibelleEtablissement(e))
	}
	f, err := s.newDemandeForm(r, v)
	if err != nil {
		return err
	}
	if f.Unite.ID != 0 {
		v.Set("uai", d.UAI) // the animator's list of member schools takes the UAI
	}
	f.ID = d.ID
	return render(w, r, http.StatusOK, demandeFormPage(s.layout(r, "Modifier la demande"), f))
}

func (s *Server) handleDemandeUpdate(w http.ResponseWriter, r *http.Request) error {
	d, err := s.ownDraft(r)
	if err != nil {
		return err
	}
	r.ParseForm()
	f, err := s.newDemandeForm(r, r.PostForm)
	if err != nil {
		return err
	}
	f.ID = d.ID
	return s.saveDemande(w, r, f)
}

func valuesOfDemande(d model.Demande) url.Values {
	v := url.Values{"type": {string(d.Type)}, "titre": {d.Titre}, "description": {d.Description}, "niveaux": d.Niveaux,
		"eleves": {strconv.Itoa(d.Eleves)}, "naf": {workflow.LibellesReferences(refdata.ReferentielSecteurs(), d.NAF)}, "familles": d.Familles, "metiers": {workflow.LibellesMetiers(d.Metiers)},
		"specialites": {workflow.LibellesReferences(refdata.ReferentielSpecialites(), d.Specialites)}, "lieu": {d.Lieu}, "personnes": {strconv.Itoa(d.Personnes)}, "uai": {d.UAI},
		"commune": {refdata.ReferentielCommunes().Libelle(d.CodeCommune)}, "contact_nom": {d.ContactNom}, "contact_email": {d.ContactEmail}, "contact_telephone": {d.ContactTelephone},
		"academie": {d.Academie}}
	if d.DatesAuChoix {
		v.Set("dates_au_choix", "1")
	}
	if d.CampusID != 0 {
		v.Set("campus", itoa64(d.CampusID))
	}
	if d.DistanceMaxKm > 0 {
		v.Set("distance_max_km", strconv.Itoa(d.DistanceMaxKm))
	}
	if d.Places > 0 {
		v.Set("places", strconv.Itoa(d.Places))
	}
	for i, c := range d.Creneaux {
		if i < 3 {
			v.Set(fmt.Sprintf("date%d", i+1), c.Jour.Format("2006-01-02"))
			v.Set(fmt.Sprintf("moment%d", i+1), c.Moment)
		}
	}
	if d.Debut != nil && d.Fin != nil {
		v.Set("du", d.Debut.Format("2006-01-02"))
		v.Set("au", d.Fin.Format("2006-01-02"))
	}
	return v
}

type demandeShowData struct {
	D              model.Demande
	Acteur         model.ActeurDemande
	Next           []model.EtatDemande
	Sollicitations []model.Sollicitation
	// Candidates, for whoever may solicit.
	CanSolicit bool
	Classement *match.Classement
	Elargir    bool
	Skipped    []string
	// The signed-in CEE's own solicitation, and their network to pass it on.
	Mine   *model.Sollicitation
	Reseau []model.Professionnel
	CanCR  bool // the CEE may record what happened
	// CRComplet shows every field of the report; otherwise three, the date
	// and the levels prefilled from the request (a link opens the rest).
	CRComplet bool
	CanRate   bool // the requester may confirm and rate
	Note      int
	Comment   string
	Err       string
	Form      url.Values
	// The request's maximum distance: its author or the pilote may change
	// it while people are searched for; DistanceKm is the one in force.
	CanDistance bool
	DistanceKm  int
	DistanceErr string
	// PlacesErr: a host's places refused, shown on its field (places.go).
	PlacesErr *model.Erreur
}

// handleDemandeShow is a request's page: its content, its state, and what
// the person may do with it: a pilote sees the candidates ranked with the
// reasons, a CEE answers, the requester rates.
func (s *Server) handleDemandeShow(w http.ResponseWriter, r *http.Request) error {
	return s.showDemande(w, r, http.StatusOK, "", url.Values{})
}

func (s *Server) showDemande(w http.ResponseWriter, r *http.Request, status int, errMsg string, form url.Values) error {
	return s.showDemandeWith(w, r, status, errMsg, form, nil)
}

// showDemandeWith is showDemande with the error of a host's places, shown
// on its field (places.go).
func (s *Server) showDemandeWith(w http.ResponseWriter, r *http.Request, status int, errMsg string, form url.Values, placesErr *model.Erreur) error {
	u := currentUser(r)
	id, err := pathID(r)
	if err != nil {
		return err
	}
	d, err := s.store.GetDemande(r.Context(), id, demandeFilter(u))
	if err != nil {
		return err
	}
	data := demandeShowData{D: d, Err: errMsg, Form: form, Elargir: r.URL.Query().Get("elargir") == "1", PlacesErr: placesErr,
		// A report refused shows all its fields, the prefilled ones too.
		CRComplet: r.URL.Query().Get("compte-rendu") == "complet" || form.Has("complet") || (errMsg != "" && form.Has("duree"))}
	if a, ok := policy.ActeurDemande(u.P, u.Compte.ID, d); ok {
		data.Acteur = a
		data.Next = model.NextDemande(d.Etat, a)
	}
	if data.Sollicitations, err = s.store.ListSollicitations(r.Context(), d.ID); err != nil {
		return err
	}
	p, err := s.store.GetParametres(r.Context(), d.Academie)
	if err != nil {
		return err
	}
	data.DistanceKm = p.DistanceDemande(d)
	data.CanDistance = (data.Acteur == model.ParPilote || data.Acteur == model.ParDemandeur) && (d.Etat.Ouverte() || d.Etat == model.DemandeExpiree)
	if form.Has("distance_max_km") && data.CanDistance {
		data.DistanceErr, data.Err = errMsg, ""
	}
	data.CanSolicit = d.Etat == model.DemandeEnRecherche &&
		(data.Acteur == model.ParPilote || (data.Acteur == model.ParDemandeur && p.DemandeurSollicite))
	if data.CanSolicit {
		o := match.Options{Limite: 30}
		if data.Elargir {
			o.IgnorerTerritoire, o.IgnorerPlafond, o.IgnorerDisponibilite, o.IgnorerDistance = true, true, true, true
		}
		cl, err := workflow.Classer(r.Context(), s.store, d, o)
		if err != nil {
			return err
		}
		data.Classement = &cl
	}
	if ceeID, ok := policy.ConseillerDe(u.P); ok {
		for i, so := range data.Sollicitations {
			if so.ConseillerID == ceeID {
				data.Mine = &data.Sollicitations[i]
			}
		}
		if data.Mine != nil {
			// After the action: the scheduler moved it to « réalisée », or
			// its day has come.
			data.CanCR = data.Mine.Etat == model.SollicitationAcceptee && (d.Etat == model.DemandeRealisee || d.Etat == model.DemandePourvue) &&
				d.ControlerFin(todayParis()) == nil
			if data.Mine.Etat == model.SollicitationEnvoyee || data.Mine.Etat == model.SollicitationAcceptee {
				pros, _, err := s.store.SearchProfessionnels(r.Context(), store.ProfessionnelFilter{Scope: policy.ScopeOf(u.P), Limit: 200})
				if err != nil {
					return err
				}
				for _, pr := range pros {
					if pr.Contactable() {
						data.Reseau = append(data.Reseau, pr)
					}
				}
			}
		}
	}
	data.CanRate = d.Etat == model.DemandeRealisee && data.Acteur != ""
	if d.Etat == model.DemandeCloturee || data.CanRate {
		if data.Note, data.Comment, err = s.store.Evaluation(r.Context(), d.ID); err != nil {
			return err
		}
	}
	return render(w, r, status, demandeShowPage(s.layout(r, d.Titre), data))
}

// handleDemandeEtat moves a request on a person's decision.
func (s *Server) handleDemandeEtat(w http.ResponseWriter, r *http.Request) error {
	u := currentUser(r)
	id, err := pathID(r)
	if err != nil {
		return err
	}
	to := model.EtatDemande(r.PostFormValue("etat"))
	var echeance time.Time
	if e := r.PostFormValue("echeance"); e != "" {
		echeance, _ = time.Parse("2006-01-02", e)
	}
	err = workflow.ChangerEtatDemande(r.Context(), s.store, s.actor(r), s.cfg.BaseURL, demandeFilter(u), id, to, strings.TrimSpace(r.PostFormValue("motif")), echeance)
	switch {
	case errors.Is(err, store.ErrNotFound):
		return err
	case errors.Is(err, store.ErrConflict):
		return s.showDemande(w, r, http.StatusConflict, "La demande a changé entre-temps : vérifiez son état et recommencez.", r.PostForm)
	case errors.Is(err, workflow.ErrRefus):
		msg, ok := userMessage(err)
		if !ok {
			return err
		}
		return s.showDemande(w, r, http.StatusUnprocessableEntity, msg, r.PostForm)
	case err != nil:
		return err
	}
	setFlash(w, ui.KindSuccess, "Demande : "+to.Label(), "")
	http.Redirect(w, r, "/demandes/"+itoa64(id), http.StatusSeeOther)
	return nil
}

// handleSolliciter solicits the candidates ticked on the request's page.
func (s *Server) handleSolliciter(w http.ResponseWriter, r *http.Request) error {
	u := currentUser(r)
	id, err := pathID(r)
	if err != nil {
		return err
	}
	r.ParseForm()
	var choix []workflow.Choix
	for _, c := range r.PostForm["candidat"] {
		kind, num, ok := strings.Cut(c, "-")
		n, err := strconv.ParseInt(num, 10, 64)
		if !ok || err != nil {
			return withStatus(http.StatusBadRequest, fmt.Errorf("candidat %q invalide", c))
		}
		ch := workflow.Choix{Raisons: strings.TrimSpace(r.PostFormValue("raisons-" + c))}
		switch kind {
		case "c":
			ch.Conseiller = n
		case "p":
			ch.Professionnel = n
		default:
			return withStatus(http.StatusBadRequest, fmt.Errorf("candidat %q invalide", c))
		}
		choix = append(choix, ch)
	}
	if top, _ := strconv.Atoi(r.PostFormValue("top")); top > 0 && len(choix) == 0 {
		// « The first N »: ranked now, as the page showed them.
		d, err := s.store.GetDemande(r.Context(), id, demandeFilter(u))
		if err != nil {
			return err
		}
		cl, err := workflow.Classer(r.Context(), s.store, d, match.Options{Limite: min(top, 30)})
		if err != nil {
			return err
		}
		for _, res := range cl.Resultats {
			ch := workflow.Choix{Score: res.Score, Raisons: raisonsText(res)}
			if res.Type == match.Professionnel {
				ch.Professionnel = res.ID
			} else {
				ch.Conseiller = res.ID
			}
			choix = append(choix, ch)
		}
	}
	if len(choix) == 0 {
		return s.showDemande(w, r, http.StatusUnprocessableEntity, "Cochez au moins une personne à solliciter, ou indiquez combien des premiers solliciter.", r.PostForm)
	}
	n, skipped, err := workflow.Solliciter(r.Context(), s.store, s.actor(r), s.cfg.BaseURL, demandeFilter(u), id, choix, r.PostFormValue("elargir") == "1")
	if err != nil {
		return s.refusDemande(w, r, err)
	}
	msg := "Chacun reçoit un courriel avec un lien pour accepter ou décliner."
	if len(skipped) > 0 {
		msg += " Non sollicité(s) : " + strings.Join(skipped, ", ") + "."
	}
	setFlash(w, ui.KindSuccess, fmt.Sprintf("%d personne(s) sollicitée(s)", n), msg)
	http.Redirect(w, r, "/demandes/"+itoa64(id), http.StatusSeeOther)
	return nil
}

// handleReponseShow is the page behind a solicitation's link: it says what
// the button will do, and asks why when declining.
func (s *Server) handleReponseShow(w http.ResponseWriter, r *http.Request) error {
	accepter, so, d, err := workflow.LienReponse(r.Context(), s.store, r.PathValue("jeton"), time.Now())
	if err != nil {
		return s.lienReponseUtilise(w, r, err)
	}
	return render(w, r, http.StatusOK, reponsePage(s.layout(r, "Votre réponse"), reponseData{Accepter: accepter, S: so, D: d, Action: r.URL.Path}))
}

type reponseData struct {
	Accepter bool
	S        model.Sollicitation
	D        model.Demande
	Action   string
	Done     string
	Kind     string
	Err      string // the date to choose, or the places offered, are missing
	Champ    string // the field of Err: creneau or places
	Places   string // the places typed
}

// erreurSi is msg when cond holds, "": one error message shown on the
// field it concerns.
func erreurSi(cond bool, msg string) string {
	if cond {
		return msg
	}
	return ""
}

func (s *Server) handleReponse(w http.ResponseWriter, r *http.Request) error {
	motif := motifRefus(r)
	res, err := workflow.RepondreParLien(r.Context(), s.store, s.cfg.BaseURL, r.PathValue("jeton"), motif, r.PostFormValue("creneau"), nombreSaisi(r, "places"), time.Now())
	if e, ok := model.ErreurUtilisateur(err); ok && e.Genre == model.GenreInvalide {
		// No date chosen among the alternatives: the same page, the link
		// unused (the answer's transaction rolled back).
		accepter, so, d, lerr := workflow.LienReponse(r.Context(), s.store, r.PathValue("jeton"), time.Now())
		if lerr != nil {
			return s.lienReponseUtilise(w, r, lerr)
		}
		return render(w, r, http.StatusUnprocessableEntity, reponsePage(s.layout(r, "Votre réponse"),
			reponseData{Accepter: accepter, S: so, D: d, Action: r.URL.Path, Err: e.Message, Champ: e.Champ, Places: r.PostFormValue("places")}))
	}
	return s.reponseDone(w, r, res, err)
}

// lienReponseUtilise answers a link that no longer works (err): when it was
// used already, the page says what the answer was (the CEE who clicks
// « J'accepte » again from their mail learns it is recorded); otherwise
// the invalid link page.
func (s *Server) lienReponseUtilise(w http.ResponseWriter, r *http.Request, err error) error {
	if !errors.Is(err, store.ErrJetonInvalide) {
		return err
	}
	so, d, le, uerr := workflow.LienReponseUtilise(r.Context(), s.store, r.PathValue("jeton"))
	if uerr != nil {
		return s.invalidLink(w, r, err)
	}
	data := reponseData{S: so, D: d, Kind: ui.KindInfo}
	quand := " le " + model.DateHeure(le)
	switch so.Etat {
	case model.SollicitationAcceptee:
		data.Kind, data.Done = ui.KindSuccess, "Vous avez déjà accepté cette sollicitation"+quand+" : votre participation est enregistrée, rien d'autre à faire."
	case model.SollicitationDeclinee:
		data.Done = "Vous avez déjà décliné cette sollicitation" + quand + " : c'est noté, merci de votre réponse."
	default:
		data.Done = "Vous avez déjà répondu avec ce lien" + quand + ", et la sollicitation est close : rien n'a changé."
	}
	return render(w, r, http.StatusGone, reponsePage(s.layout(r, "Votre réponse"), data))
}

func motifRefus(r *http.Request) string {
	m := strings.TrimSpace(r.PostFormValue("motif"))
	if p := strings.TrimSpace(r.PostFormValue("precision")); p != "" {
		m = strings.TrimSpace(m + " : " + p)
	}
	// Kept shortened rather than refused: the answer by link has no form
	// to show again.
	return model.Couper(m, model.LongueurMotif)
}

// reponseDone says what the answer did, whatever the path it came by.
func (s *Server) reponseDone(w http.ResponseWriter, r *http.Request, res workflow.Reponse, err error) error {
	if errors.Is(err, store.ErrJetonInvalide) {
		return s.lienReponseUtilise(w, r, err)
	}
	data, status, err := reponseOutcome(res, err)
	if err != nil {
		return err
	}
	return render(w, r, status, reponsePage(s.layout(r, "Votre réponse"), data))
}

// reponseOutcome is the message of an answer and its status; err is an
// error no message explains.
func reponseOutcome(res workflow.Reponse, err error) (reponseData, int, error) {
	data := reponseData{S: res.Sollicitation, D: res.Demande, Kind: ui.KindSuccess}
	switch {
	case errors.Is(err, workflow.ErrDejaRepondu):
		data.Kind, data.Done = ui.KindInfo, "Vous avez déjà répondu à cette sollicitation (ou elle est close) : rien n'a changé."
	case errors.Is(err, workflow.ErrPlafond):
		ue, _ := model.ErreurUtilisateur(err)
		data.Kind, data.Done = ui.KindWarning, ue.Message+"."
		return data, http.StatusConflict, nil
	case err != nil:
		return data, 0, err
	case res.Complete:
		data.Kind, data.Done = ui.KindInfo, "Merci ! Assez de personnes ont déjà accepté cette demande : votre aide n'est pas nécessaire cette fois."
	case res.Acceptee:
		data.Done = "Merci ! Votre participation est enregistrée. Vous recevez un courriel avec le contact de l'établissement."
	default:
		data.Done = "C'est noté : la mission école-entreprise proposera la demande à quelqu'un d'autre. Merci de votre réponse."
	}
	return data, http.StatusOK, nil
}

// handleSollicitationReponse is the in-app answer of a signed-in CEE.
func (s *Server) handleSollicitationReponse(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	res, err := workflow.Repondre(r.Context(), s.store, s.actor(r), s.cfg.BaseURL, id, r.PostFormValue("reponse") == "accepter", motifRefus(r),
		r.PostFormValue("creneau"), nombreSaisi(r, "places"), time.Now())
	if errors.Is(err, store.ErrNotFound) {
		return err
	}
	if e, ok := model.ErreurUtilisateur(err); ok && e.Genre == model.GenreInvalide {
		// The request's page again, with the message: its id is the
		// solicitation's request, not the path's solicitation.
		r.SetPathValue("id", strconv.FormatInt(res.Sollicitation.DemandeID, 10))
		return s.showDemande(w, r, http.StatusUnprocessableEntity, e.Message, r.PostForm)
	}
	if r.PostFormValue("retour") == "/" {
		// Answered from the home page's inbox: back to it, with the outcome
		// on top, for the next answer.
		data, _, err := reponseOutcome(res, err)
		if err != nil {
			return err
		}
		setFlash(w, data.Kind, data.D.Titre, data.Done)
		http.Redirect(w, r, "/", http.StatusSeeOther)
		return nil
	}
	return s.reponseDone(w, r, res, err)
}

// handleTransmettre passes a request on to a professional of the CEE's
// network.
func (s *Server) handleTransmettre(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	so, err := s.store.GetSollicitation(r.Context(), id)
	if err != nil {
		return err
	}
	pro, err := strconv.ParseInt(r.PostFormValue("professionnel"), 10, 64)
	if err != nil {
		return withStatus(http.StatusBadRequest, errors.New("choisissez un professionnel de votre réseau"))
	}
	err = workflow.Transmettre(r.Context(), s.store, s.actor(r), s.cfg.BaseURL, id, pro)
	switch {
	case errors.Is(err, store.ErrNotFound):
		return err
	case err != nil:
		r.SetPathValue("id", itoa64(so.DemandeID))
		msg, ok := userMessage(err)
		if !ok {
			return err
		}
		return s.showDemande(w, r, http.StatusUnprocessableEntity, msg, r.PostForm)
	}
	setFlash(w, ui.KindSuccess, "Demande transmise", "Le professionnel reçoit un courriel pour accepter ou décliner.")
	http.Redirect(w, r, "/demandes/"+itoa64(so.DemandeID), http.StatusSeeOther)
	return nil
}

// handleCompteRendu records what happened, by a CEE who took part.
func (s *Server) handleCompteRendu(w http.ResponseWriter, r *http.Request) error {
	u := currentUser(r)
	id, err := pathID(r)
	if err != nil {
		return err
	}
	ceeID, ok := policy.ConseillerDe(u.P)
	if !ok {
		return withStatus(http.StatusForbidden, errors.New("le compte rendu est saisi par le conseiller qui a participé"))
	}
	r.ParseForm()
	v := func(k string) string { return strings.TrimSpace(r.PostFormValue(k)) }
	i := model.Intervention{ConseillerID: ceeID, Niveaux: r.PostForm["niveaux"], Description: v("description"), Type: model.TypeAutre}
	i.Date, _ = time.Parse("2006-01-02", v("date"))
	i.DureeMinutes, _ = parseHeures(v("duree"))
	for _, k := range []struct {
		name string
		dst  *int
	}{{"eleves", &i.Eleves}, {"professionnels", &i.Professionnels}} {
		if x := v(k.name); x != "" {
			n, err := strconv.Atoi(x)
			if err != nil {
				n = -1
			}
			*k.dst = n
		}
	}
	if errs := i.Errors(time.Now()); len(errs) > 0 {
		var msgs []string
		for _, m := range errs {
			msgs = append(msgs, m)
		}
		return s.showDemande(w, r, http.StatusUnprocessableEntity, strings.Join(msgs, " "), r.PostForm)
	}
	err = workflow.CompteRendu(r.Context(), s.store, s.actor(r), s.cfg.BaseURL, demandeFilter(u), id, i)
	if err != nil {
		return s.refusDemande(w, r, err)
	}
	setFlash(w, ui.KindSuccess, "Compte rendu enregistré", "Merci ! L'action compte dans votre attestation d'engagement.")
	http.Redirect(w, r, "/demandes/"+itoa64(id), http.StatusSeeOther)
	return nil
}

// refusDemande shows the request's page again with the message of an
// error the person can correct (422, their input kept); any other error,
// « not found » included, goes up as it is.
func (s *Server) refusDemande(w http.ResponseWriter, r *http.Request, err error) error {
	msg, ok := userMessage(err)
	if !ok || errors.Is(err, store.ErrNotFound) {
		return err
	}
	return s.showDemande(w, r, http.StatusUnprocessableEntity, msg, r.PostForm)
}

// handleDemandeDistance changes a request's maximum distance after it is
// sent (empty: the académie's value for its type); the page then ranks
// the candidates with it.
func (s *Server) handleDemandeDistance(w http.ResponseWriter, r *http.Request) error {
	u := currentUser(r)
	id, err := pathID(r)
	if err != nil {
		return err
	}
	km := 0
	if v := strings.TrimSpace(r.PostFormValue("distance_max_km")); v != "" {
		if km, err = strconv.Atoi(v); err != nil {
			return s.showDemande(w, r, http.StatusUnprocessableEntity, model.ErreurDistanceSaisie(-1), r.PostForm)
		}
		if m := model.ErreurDistanceSaisie(km); m != "" {
			return s.showDemande(w, r, http.StatusUnprocessableEntity, m, r.PostForm)
		}
	}
	err = workflow.ChangerDistanceDemande(r.Context(), s.store, s.actor(r), demandeFilter(u), id, km)
	if err != nil {
		return s.refusDemande(w, r, err)
	}
	msg := "Les candidats sont classés avec la valeur de l'académie pour ce type de demande."
	if km > 0 {
		msg = "Les candidats sont classés avec " + strconv.Itoa(km) + " km au plus."
	}
	setFlash(w, ui.KindSuccess, "Distance maximale enregistrée", msg)
	http.Redirect(w, r, "/demandes/"+itoa64(id), http.StatusSeeOther)
	return nil
}

// handleEvaluation records the requester's confirmation and rating.
func (s *Server) handleEvaluation(w http.ResponseWriter, r *http.Request) error {
	u := currentUser(r)
	id, err := pathID(r)
	if err != nil {
		return err
	}
	note, _ := strconv.Atoi(r.PostFormValue("note"))
	err = workflow.Evaluer(r.Context(), s.store, s.actor(r), demandeFilter(u), id, note, r.PostFormValue("commentaire"))
	if err != nil {
		return s.refusDemande(w, r, err)
	}
	setFlash(w, ui.KindSuccess, "Merci pour votre avis", "La demande est clôturée.")
	http.Redirect(w, r, "/demandes/"+itoa64(id), http.StatusSeeOther)
	return nil
}

// attentes counts what waits for the signed-in person, for the header.
func (s *Server) attentes(r *http.Request, u *user) store.Attentes {
	if u.attentes != nil {
		return *u.attentes
	}
	var a store.Attentes
	var err error
	switch policy.FileAttenteDe(u.P) {
	case policy.AttentePilote:
		a, err = s.store.AttentesPilote(r.Context(), u.P.H.Academie, time.Now())
	case policy.AttenteConseiller:
		id, _ := policy.ConseillerDe(u.P)
		a, err = s.store.AttentesConseiller(r.Context(), u.P.H.Academie, id)
	case policy.AttenteDemandeur:
		// A school's staff also rate their school's: their list of requests.
		a, err = s.store.AttentesDemandeur(r.Context(), demandeFilter(u))
	case policy.AttenteInspecteur:
		a, err = s.store.AttentesInspecteur(r.Context(), u.P.H.Academie, u.Compte.ID)
	}
	if err != nil {
		logger(r.Context(), s.log).Warn("compteur de notifications", "err", err)
		return a
	}
	u.attentes = &a
	return a
}

func demandeTable(items []model.Demande) ui.TableParams {
	t := ui.TableParams{Caption: "Demandes", CaptionHidden: true, Bordered: true,
		Headers: []string{"Demande", "Établissement", "Type", "Quand", "Personnes", "État"}, Empty: "Aucune demande."}
	for _, d := range items {
		t.Rows = append(t.Rows, []ui.TableCell{{Text: d.Titre, Href: "/demandes/" + itoa64(d.ID)}, {Text: d.Etablissement},
			{Text: d.Type.Label()}, {Text: quandCourt(d)}, {Text: fmt.Sprintf("%d / %d", d.Acceptees, d.Personnes), Numeric: true},
			{Content: etatDemandeBadge(d.Etat)}})
	}
	return t
}

func quandCourt(d model.Demande) string {
	if d.Debut != nil && d.Fin != nil {
		return "du " + d.Debut.Format("02/01/2006") + " au " + d.Fin.Format("02/01/2006")
	}
	var parts []string
	for _, c := range d.Creneaux {
		p := c.Jour.Format("02/01/2006")
		switch c.Moment {
		case "AM":
			p += " matin"
		case "PM":
			p += " après-midi"
		}
		parts = append(parts, p)
	}
	return strings.Join(parts, ", ")
}

func etatDemandeKind(e model.EtatDemande) string {
	switch e {
	case model.DemandePourvue, model.DemandeRealisee, model.DemandeCloturee:
		return ui.KindSuccess
	case model.DemandeAnnulee, model.DemandeExpiree:
		return ui.KindError
	case model.DemandeAValider:
		return ui.KindWarning
	}
	return ui.KindInfo
}

// campusSaisi reads the unit chosen in a form: 0 for « Aucune ».
func campusSaisi(v string) (int64, string) {
	if v = strings.TrimSpace(v); v == "" {
		return 0, ""
	}
	id, err := strconv.ParseInt(v, 10, 64)
	if err != nil || id <= 0 {
		return 0, "Choisissez une unité dans la liste, ou « Aucune »."
	}
	return id, ""
}

// uniteSelect offers the units a record may be attached to, « Aucune »
// first (the empty value).
func uniteSelect(id string, unites []model.Campus, v, errMsg string) ui.SelectParams {
	p := ui.SelectParams{ID: id, Name: "campus", Label: "Unité (facultatif)", Placeholder: "Aucune", Value: v, Error: errMsg,
		Hint: "Campus des métiers et des qualifications, pôle de stage ou lycée des métiers pour lequel elle est faite : ses chiffres la comptent."}
	for _, c := range unites {
		p.Options = append(p.Options, ui.Option{Value: itoa64(c.ID), Label: c.Nom + " (" + c.Type.Label() + ")"})
	}
	return p
}

// membreSelect offers a unit's member schools, for its animator's request.
func membreSelect(membres []model.Etablissement, v, errMsg string) ui.SelectParams {
	p := ui.SelectParams{ID: "demande-uai", Name: "uai", Label: "Établissement", Placeholder: "Choisir", Value: v, Error: errMsg, Required: true,
		Hint: "L'un des établissements membres de votre unité."}
	for _, e := range membres {
		p.Options = append(p.Options, ui.Option{Value: e.UAI, Label: workflow.LibelleEtablissement(e)})
	}
	return p
}

func etatDemandeSelect(v string) ui.SelectParams {
	p := ui.SelectParams{ID: "filtre-etat", Name: "etat", Label: "État", Placeholder: "En cours", Value: v,
		Options: []ui.Option{{Value: "tous", Label: "Tous les états"}}}
	for _, e := range model.EtatsDemande() {
		p.Options = append(p.Options, ui.Option{Value: string(e), Label: e.Label()})
	}
	return p
}

func typeDemandeSelect(id, v, errMsg, placeholder string) ui.SelectParams {
	p := ui.SelectParams{ID: id, Name: "type", Label: "Type de demande", Placeholder: placeholder, Value: v, Error: errMsg}
	for _, t := range model.TypesDemande() {
		p.Options = append(p.Options, ui.Option{Value: string(t), Label: t.Label()})
	}
	return p
}

// niveauxSaisis are the levels checked in a form sent back, else those
// of the request (the report starts from what was asked).
func niveauxSaisis(form url.Values, demande []string) []string {
	if form.Has("niveaux") || form.Has("date") {
		return form["niveaux"]
	}
	return demande
}

func niveauOptions() []ui.Option {
	var out []ui.Option
	for _, n := range model.Niveaux {
		out = append(out, ui.Option{Value: n, Label: n})
	}
	return out
}

func momentSelect(i int, v string) ui.SelectParams {
	return ui.SelectParams{ID: fmt.Sprintf("demande-moment%d", i), Name: fmt.Sprintf("moment%d", i), Label: "Moment", Value: v, Placeholder: "Journée",
		Options: []ui.Option{{Value: "AM", Label: "Matin"}, {Value: "PM", Label: "Après-midi"}}}
}

func sollicitationTable(items []model.Sollicitation) ui.TableParams {
	t := ui.TableParams{Caption: "Personnes sollicitées", CaptionHidden: true, Bordered: true,
		Headers: []string{"Personne", "Sollicitée le", "Réponse", "Motif"}, Empty: "Personne n'est encore sollicité."}
	for _, so := range items {
		nom := so.Nom
		if so.TransmisPar != 0 {
			nom += " (transmise par un conseiller)"
		}
		t.Rows = append(t.Rows, []ui.TableCell{{Text: nom}, {Text: model.Date(so.CreatedAt)}, {Text: so.Etat.Label()}, {Text: so.Motif}})
	}
	return t
}

func motifOptions() []ui.Option {
	var out []ui.Option
	for _, m := range model.MotifsRefus {
		out = append(out, ui.Option{Value: m, Label: m})
	}
	return out
}

func proOptions(list []model.Professionnel) []ui.Option {
	var out []ui.Option
	for _, p := range list {
		out = append(out, ui.Option{Value: itoa64(p.ID), Label: p.Prenom + " " + p.Nom + " — " + p.Entreprise})
	}
	return out
}

func candidatKey(r match.Resultat) string {
	if r.Type == match.Professionnel {
		return "p-" + itoa64(r.ID)
	}
	return "c-" + itoa64(r.ID)
}

func raisonsText(r match.Resultat) string {
	var parts []string
	for _, x := range r.Raisons {
		parts = append(parts, x.Libelle)
	}
	return strings.Join(parts, " ; ")
}
