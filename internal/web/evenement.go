package web

import (
	"bytes"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"cee/internal/model"
	"cee/internal/pdf"
	"cee/internal/policy"
	"cee/internal/refdata"
	"cee/internal/store"
	"cee/internal/web/ui"
	"cee/internal/workflow"
)

// routesAnimation registers the pages that animate the network: events
// and invitations, segments, attendance, announcements and resources.
//
// Managers (admin, pilote in their académie, organisation référent for its
// own records) pass the designation gate; pages everyone signed in may
// open (a CEE's invitations, the announcements they received, the
// resources of their role) check finer access in SQL (404 outside).
func (s *Server) routesAnimation() {
	gerer := can(model.ResDesignations, model.ActionGerer)
	gestion := can(model.ResComptes, model.ActionGerer)
	s.handle("GET /animation/evenements", signedIn, s.handleEvenementList)
	s.handle("GET /animation/evenements/nouveau", gerer, s.handleEvenementForm)
	s.handle("POST /animation/evenements", gerer, s.handleEvenementCreate)
	s.handle("GET /animation/evenements/{id}", signedIn, s.handleEvenementShow)
	s.handle("POST /animation/evenements/{id}/invitations", gerer, s.handleEvenementInviter)
	s.handle("POST /animation/evenements/{id}/annulation", gerer, s.handleEvenementAnnuler)
	s.handle("GET /animation/evenements/{id}/presences", gerer, s.handlePresencesForm)
	s.handle("POST /animation/evenements/{id}/presences", gerer, s.handlePresencesSave)
	s.handle("GET /animation/evenements/{id}/emargement.pdf", gerer, s.handleEmargement)
	s.handle("POST /animation/evenements/{id}/inscription", conseillerSeul, s.handleEvenementInscription)
	s.handle("GET /evenement/{jeton}", nil, s.handleEvenementLienShow)
	s.handle("POST /evenement/{jeton}", nil, s.handleEvenementLien, rateLimited("evenement"))

	s.handle("GET /animation/segments", gerer, s.handleSegments)
	s.handle("GET /animation/segments/compte", gerer, s.handleSegmentCompte)
	s.handle("POST /animation/segments", gerer, s.handleSegmentCreate)

	s.handle("GET /animation/annonces", signedIn, s.handleAnnonceList)
	s.handle("GET /animation/annonces/nouvelle", gerer, s.handleAnnonceForm)
	s.handle("POST /animation/annonces", gerer, s.handleAnnonceCreate)
	s.handle("GET /animation/annonces/{id}", signedIn, s.handleAnnonceShow)
	s.handle("GET /desinscription/{jeton}", nil, s.handleDesinscriptionShow)
	s.handle("POST /desinscription/{jeton}", nil, s.handleDesinscription, rateLimited("desinscription"))

	s.handle("GET /animation/ressources", signedIn, s.handleRessources)
	s.handle("POST /animation/ressources", gestion, s.handleRessourceCreate, maxBody(model.RessourceMaxOctets+1<<20))
	s.handle("GET /animation/ressources/{id}", signedIn, s.handleRessourceFile)
}

// animateur tells whether the person manages the network's animation.
func animateur(u *user) bool { return signedIn(u) && policy.Animateur(u.P) }

func animationScope(u *user) model.Scope { return policy.ScopeOf(u.P) }

type evenementListData struct {
	Items     []model.Evenement
	Animateur bool
	Mine      map[int64]model.EtatParticipation // a CEE's state per event
	Presences int                               // a CEE's attendances over the last twelve months
	CEE       bool
}

func (s *Server) handleEvenementList(w http.ResponseWriter, r *http.Request) error {
	u := currentUser(r)
	d := evenementListData{Animateur: animateur(u), Mine: map[int64]model.EtatParticipation{}}
	sc := animationScope(u)
	if d.Animateur || sc.Conseiller != "" {
		var err error
		if d.Items, err = s.store.ListEvenements(r.Context(), sc, time.Now()); err != nil {
			return err
		}
	}
	if id := conseillerIDOf(u); id != 0 {
		d.CEE = true
		var err error
		if d.Presences, err = s.store.CountPresencesConseiller(r.Context(), id, time.Now().AddDate(-1, 0, 0)); err != nil {
			return err
		}
		for _, e := range d.Items {
			if p, err := s.store.ParticipationOf(r.Context(), e.ID, id); err == nil {
				d.Mine[e.ID] = p.Etat
			}
		}
	}
	return render(w, r, http.StatusOK, evenementListPage(s.layout(r, "Événements du réseau"), d))
}

// conseillerIDOf is the CEE record of a person acting as a CEE, or 0.
func conseillerIDOf(u *user) int64 {
	if u == nil {
		return 0
	}
	id, _ := policy.ConseillerDe(u.P)
	return id
}

type evenementForm struct {
	V             url.Values
	Errs          map[string]string
	AskAcad       bool
	Academies     []refdata.Academie
	Organisations []model.Organisation // co-organisers a pilote or an admin may name
	Unites        []model.Campus       // the units of the académie it may be organised for
}

// newEvenementForm is the form with its choices for the person.
func (s *Server) newEvenementForm(r *http.Request, v url.Values, errs map[string]string) (evenementForm, error) {
	u := currentUser(r)
	f := evenementForm{V: v, Errs: errs, AskAcad: policy.ChoisitAcademie(u.P), Academies: refdata.Academies()}
	if _, ok := policy.OrganisationDe(u.P); !ok {
		var err error
		if f.Organisations, err = s.store.ListOrganisations(r.Context(), u.P.H.Academie); err != nil {
			return f, err
		}
	}
	var err error
	f.Unites, err = s.store.ListCampusMembre(r.Context(), u.P.H.Academie, "")
	return f, err
}

func (s *Server) handleEvenementForm(w http.ResponseWriter, r *http.Request) error {
	f, err := s.newEvenementForm(r, url.Values{"type": {string(model.EvenementReunion)}}, map[string]string{})
	if err != nil {
		return err
	}
	return render(w, r, http.StatusOK, evenementFormPage(s.layout(r, "Nouvel événement"), f))
}

// parseDateHeure reads a datetime-local field (« 2027-03-12T14:00 ») as
// Paris time.
func parseDateHeure(v string) time.Time {
	t, err := time.ParseInLocation("2006-01-02T15:04", strings.TrimSpace(v), model.Paris)
	if err != nil {
		return time.Time{}
	}
	return t
}

func (s *Server) handleEvenementCreate(w http.ResponseWriter, r *http.Request) error {
	u := currentUser(r)
	r.ParseForm()
	v := r.PostForm
	e := model.Evenement{Type: model.TypeEvenement(v.Get("type")), Titre: strings.TrimSpace(v.Get("titre")),
		Description: strings.TrimSpace(v.Get("description")), Lieu: strings.TrimSpace(v.Get("lieu")),
		LienVisio: strings.TrimSpace(v.Get("lien_visio")), Debut: parseDateHeure(v.Get("debut")), Fin: parseDateHeure(v.Get("fin")),
		InscriptionsAvant: parseDateHeure(v.Get("inscriptions_avant")), Academie: u.P.H.Academie}
	errs := e.Errors()
	if c := strings.TrimSpace(v.Get("capacite")); c != "" {
		n, err := strconv.Atoi(c)
		if err != nil || n < 0 {
			errs["capacite"] = "La capacité est un nombre entier positif (0 ou vide : sans limite)."
		}
		e.Capacite = n
	}
	if !e.Debut.IsZero() && !e.Debut.After(time.Now()) {
		errs["debut"] = "L'événement doit commencer dans le futur."
	}
	if policy.ChoisitAcademie(u.P) {
		e.Academie = v.Get("academie")
		if _, ok := refdata.AcademieByCode(e.Academie); e.Academie != "" && !ok {
			errs["academie"] = "Choisissez une académie, ou aucune pour un événement national."
		}
	}
	orgID, orgSeule := policy.OrganisationDe(u.P)
	if orgSeule {
		e.OrganisationID = orgID
	}
	f, err := s.newEvenementForm(r, v, errs)
	if err != nil {
		return err
	}
	if org := v.Get("organisation"); org != "" && !orgSeule {
		for _, o := range f.Organisations {
			if itoa64(o.ID) == org {
				e.OrganisationID = o.ID
			}
		}
		if e.OrganisationID == 0 {
			errs["organisation"] = "Choisissez une organisation de la liste."
		}
	}
	if id, msg := campusSaisi(v.Get("campus")); msg != "" {
		errs["campus"] = msg
	} else if c, msg := workflow.LireUnite(r.Context(), s.store, id, e.Academie, "", false); msg != "" {
		errs["campus"] = msg
	} else {
		e.CampusID = c.ID
	}
	if len(errs) > 0 {
		return render(w, r, http.StatusUnprocessableEntity, evenementFormPage(s.layout(r, "Nouvel événement"), f))
	}
	id, err := workflow.CreerEvenement(r.Context(), s.store, s.actor(r), e)
	if err != nil {
		return err
	}
	setFlash(w, ui.KindSuccess, "Événement créé", "Invitez maintenant un segment du réseau.")
	http.Redirect(w, r, "/animation/evenements/"+itoa64(id), http.StatusSeeOther)
	return nil
}

type evenementShowData struct {
	E            model.Evenement
	Animateur    bool
	Participants []model.Participation
	Segments     []model.Segment
	Mine         *model.Participation
	Ouvert       bool
	Err          string
	Motif        string // the cancellation reason refused, shown again
	// The confirmation steps of the invitation of a segment (Segment is
	// its id) and of the cancellation.
	Segment                string
	Invitation, Annulation *confirmation
}

// evenementOf reads the event of the path within the reader's scope.
func (s *Server) evenementOf(r *http.Request) (model.Evenement, error) {
	id, err := pathID(r)
	if err != nil {
		return model.Evenement{}, err
	}
	return s.store.GetEvenement(r.Context(), id, animationScope(currentUser(r)))
}

func (s *Server) handleEvenementShow(w http.ResponseWriter, r *http.Request) error {
	return s.showEvenement(w, r, http.StatusOK, "")
}

func (s *Server) showEvenement(w http.ResponseWriter, r *http.Request, status int, msg string) error {
	return s.evenementPage(w, r, status, evenementShowData{Err: msg})
}

// evenementPage is the event's page; d brings the message and the
// confirmation step to show, if any.
func (s *Server) evenementPage(w http.ResponseWriter, r *http.Request, status int, d evenementShowData) error {
	u := currentUser(r)
	sc := animationScope(u)
	if !animateur(u) && sc.Conseiller == "" {
		return withStatus(http.StatusNotFound, errNotFoundPage)
	}
	e, err := s.evenementOf(r)
	if err != nil {
		return err
	}
	d.E, d.Animateur, d.Ouvert, d.Motif = e, animateur(u), e.Ouvert(time.Now()), r.PostFormValue("motif")
	if d.Animateur {
		if d.Participants, err = s.store.ListParticipations(r.Context(), e.ID); err != nil {
			return err
		}
		if d.Segments, err = s.store.ListSegments(r.Context(), sc); err != nil {
			return err
		}
	}
	if id := conseillerIDOf(u); id != 0 {
		if p, err := s.store.ParticipationOf(r.Context(), e.ID, id); err == nil {
			d.Mine = &p
		}
	}
	return render(w, r, status, evenementShowPage(s.layout(r, e.Titre), d))
}

func (s *Server) handleEvenementInviter(w http.ResponseWriter, r *http.Request) error {
	u := currentUser(r)
	e, err := s.evenementOf(r)
	if err != nil {
		return err
	}
	segID, _ := strconv.ParseInt(r.PostFormValue("segment"), 10, 64)
	sg, err := s.store.GetSegment(r.Context(), segID, animationScope(u))
	if errors.Is(err, store.ErrNotFound) {
		return s.showEvenement(w, r, http.StatusUnprocessableEntity, "Choisissez un segment à inviter (créez-le d'abord dans « Segments »).")
	}
	if err != nil {
		return err
	}
	criteres := sg.Criteres.Borner(animationScope(u))
	// Nobody is mailed before the person has read how many will be.
	ask := func(status int, stale string) error {
		n, err := workflow.DecompteInvitation(r.Context(), s.store, animationScope(u), e.ID, criteres)
		if errors.Is(err, store.ErrConflict) {
			return s.showEvenement(w, r, http.StatusConflict, "L'événement est annulé ou passé : on ne peut plus inviter.")
		}
		if err != nil {
			return err
		}
		lignes := []string{fmt.Sprintf("%s personne(s) du segment « %s » recevront une invitation par courriel, avec un lien pour s'inscrire et un pour décliner.", model.Milliers(n), sg.Nom)}
		if n == 0 {
			lignes = []string{fmt.Sprintf("Tout le segment « %s » est déjà invité : personne ne recevra de courriel.", sg.Nom)}
		}
		lignes = append(lignes, "Les personnes déjà invitées ne sont pas relancées.")
		return s.evenementPage(w, r, status, evenementShowData{Segment: itoa64(sg.ID), Invitation: &confirmation{ID: "invitation-confirmation",
			Titre: "Vérifiez avant d'inviter", Lignes: lignes, Compte: n, Err: stale, Annuler: "/animation/evenements/" + itoa64(e.ID),
			Bouton: fmt.Sprintf("Inviter %s personne(s)", model.Milliers(n))}})
	}
	attendu, ok := confirme(r)
	if !ok {
		return ask(http.StatusOK, "")
	}
	n, err := workflow.Inviter(r.Context(), s.store, s.actor(r), s.cfg.BaseURL, animationScope(u), e.ID, criteres, attendu)
	if msg, stale := decompteChange(err); stale {
		return ask(http.StatusConflict, msg)
	}
	if errors.Is(err, store.ErrConflict) {
		return s.showEvenement(w, r, http.StatusConflict, "L'événement est annulé ou passé : on ne peut plus inviter.")
	}
	if err != nil {
		return err
	}
	setFlash(w, ui.KindSuccess, fmt.Sprintf("%d personne(s) invitée(s)", n), "Chacune reçoit un courriel pour s'inscrire ou décliner. Les personnes déjà invitées ne sont pas relancées.")
	http.Redirect(w, r, "/animation/evenements/"+itoa64(e.ID), http.StatusSeeOther)
	return nil
}

func (s *Server) handleEvenementAnnuler(w http.ResponseWriter, r *http.Request) error {
	u := currentUser(r)
	e, err := s.evenementOf(r)
	if err != nil {
		return err
	}
	motif := strings.TrimSpace(r.PostFormValue("motif"))
	if motif == "" {
		return s.showEvenement(w, r, http.StatusUnprocessableEntity, "Indiquez le motif de l'annulation : les inscrits le liront.")
	}
	if msg := model.TropLong("Le motif", motif, model.LongueurMotif); msg != "" {
		return s.showEvenement(w, r, http.StatusUnprocessableEntity, msg)
	}
	// The registered and the waiting list are told: the person reads how
	// many before the event is cancelled.
	ask := func(status int, stale string) error {
		prevenus, err := s.store.ListParticipations(r.Context(), e.ID, model.ParticipationInscrit, model.ParticipationAttente)
		if err != nil {
			return err
		}
		inscrits := 0
		for _, p := range prevenus {
			if p.Etat == model.ParticipationInscrit {
				inscrits++
			}
		}
		return s.evenementPage(w, r, status, evenementShowData{Annulation: &confirmation{ID: "annulation-confirmation",
			Titre: "Vérifiez avant d'annuler", Compte: len(prevenus), Err: stale, Annuler: "/animation/evenements/" + itoa64(e.ID),
			Bouton: fmt.Sprintf("Annuler l'événement et prévenir %d personne(s)", len(prevenus)),
			Lignes: []string{fmt.Sprintf("%d personne(s) seront prévenues par courriel : %d inscrite(s), qui reçoivent aussi le retrait de leur agenda, et %d en liste d'attente.", len(prevenus), inscrits, len(prevenus)-inscrits),
				"L'annulation est définitive : l'événement ne pourra pas être rouvert."}}})
	}
	attendu, ok := confirme(r)
	if !ok {
		return ask(http.StatusOK, "")
	}
	err = workflow.AnnulerEvenement(r.Context(), s.store, s.actor(r), s.cfg.BaseURL, animationScope(u), e.ID, motif, attendu)
	if msg, stale := decompteChange(err); stale {
		return ask(http.StatusConflict, msg)
	}
	if errors.Is(err, store.ErrConflict) {
		return s.showEvenement(w, r, http.StatusConflict, "L'événement est déjà annulé.")
	}
	if err != nil {
		return err
	}
	setFlash(w, ui.KindSuccess, "Événement annulé", "Les inscrits et la liste d'attente sont prévenus par courriel.")
	http.Redirect(w, r, "/animation/evenements/"+itoa64(e.ID), http.StatusSeeOther)
	return nil
}

type presencesData struct {
	E        model.Evenement
	Inscrits []model.Participation
}

func (s *Server) handlePresencesForm(w http.ResponseWriter, r *http.Request) error {
	e, err := s.evenementOf(r)
	if err != nil {
		return err
	}
	list, err := s.store.ListParticipations(r.Context(), e.ID, model.ParticipationInscrit)
	if err != nil {
		return err
	}
	return render(w, r, http.StatusOK, presencesPage(s.layout(r, "Présences : "+e.Titre), presencesData{E: e, Inscrits: list}))
}

func (s *Server) handlePresencesSave(w http.ResponseWriter, r *http.Request) error {
	u := currentUser(r)
	e, err := s.evenementOf(r)
	if err != nil {
		return err
	}
	r.ParseForm()
	presents := map[int64]bool{}
	for _, v := range r.PostForm["present"] {
		if id, err := strconv.ParseInt(v, 10, 64); err == nil {
			presents[id] = true
		}
	}
	if _, err := workflow.EnregistrerPresences(r.Context(), s.store, s.actor(r), animationScope(u), e.ID, presents); err != nil {
		return err
	}
	setFlash(w, ui.KindSuccess, "Présences enregistrées", fmt.Sprintf("%d personne(s) présente(s).", len(presents)))
	http.Redirect(w, r, "/animation/evenements/"+itoa64(e.ID)+"/presences", http.StatusSeeOther)
	return nil
}

func (s *Server) handleEmargement(w http.ResponseWriter, r *http.Request) error {
	e, err := s.evenementOf(r)
	if err != nil {
		return err
	}
	list, err := s.store.ListParticipations(r.Context(), e.ID, model.ParticipationInscrit)
	if err != nil {
		return err
	}
	em := pdf.Emargement{Titre: e.Titre, Type: e.Type.Label(), Quand: e.Quand(), Lieu: e.Lieu, Date: e.Debut}
	for _, p := range list {
		q := "Conseiller entreprises pour l'École"
		if p.ProfessionnelID != 0 {
			q = "Professionnel"
		}
		em.Personnes = append(em.Personnes, pdf.Emargeant{Nom: p.Nom, Qualite: q})
	}
	academie := e.Academie
	if academie == "" {
		academie = currentUser(r).P.H.Academie
	}
	if academie == "" {
		academie = "01"
	}
	var b bytes.Buffer
	if err := pdf.FeuilleEmargement(&b, pdfAcademie(academie), em); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="emargement-%d.pdf"`, e.ID))
	_, err = w.Write(b.Bytes())
	return err
}

func (s *Server) handleEvenementInscription(w http.ResponseWriter, r *http.Request) error {
	u := currentUser(r)
	id, err := pathID(r)
	if err != nil {
		return err
	}
	action := r.PostFormValue("action")
	inscrire := action != "desinscrire" && action != "decliner"
	// From the home page's inbox (retour=/): back to it, with the outcome
	// on top, for the next answer.
	depuisAccueil := r.PostFormValue("retour") == "/"
	res, err := workflow.InscrireConseiller(r.Context(), s.store, s.cfg.BaseURL, id, conseillerIDOf(u), inscrire, time.Now())
	switch {
	case errors.Is(err, store.ErrNotFound):
		return err
	case errors.Is(err, workflow.ErrInscriptionsCloses), errors.Is(err, workflow.ErrDejaInscrit):
		if depuisAccueil {
			setFlash(w, ui.KindInfo, res.Evenement.Titre, capitalize(err.Error())+".")
			http.Redirect(w, r, "/", http.StatusSeeOther)
			return nil
		}
		return s.showEvenement(w, r, http.StatusConflict, capitalize(err.Error())+".")
	case err != nil:
		return err
	}
	title, msg := reponseEvenementMessage(res)
	setFlash(w, ui.KindSuccess, title, msg)
	if depuisAccueil {
		http.Redirect(w, r, "/", http.StatusSeeOther)
		return nil
	}
	http.Redirect(w, r, "/animation/evenements/"+itoa64(id), http.StatusSeeOther)
	return nil
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	r := []rune(s)
	return strings.ToUpper(string(r[0])) + string(r[1:])
}

func reponseEvenementMessage(res workflow.ReponseEvenement) (string, string) {
	switch res.Participation.Etat {
	case model.ParticipationInscrit:
		return "Inscription confirmée", "Vous recevez un courriel avec l'invitation pour votre agenda."
	case model.ParticipationAttente:
		return "Liste d'attente", "L'événement est complet : vous êtes sur la liste d'attente. Une place libérée vous sera attribuée automatiquement."
	case model.ParticipationAnnule:
		return "Désinscription enregistrée", "Merci de nous avoir prévenus : votre place est proposée à la liste d'attente."
	}
	return "Réponse enregistrée", "Merci : vous ne participerez pas à cet événement."
}

type evenementLienData struct {
	Inscrire bool
	P        model.Participation
	E        model.Evenement
	Action   string
	Done     string
	Title    string
	Kind     string
}

func (s *Server) handleEvenementLienShow(w http.ResponseWriter, r *http.Request) error {
	inscrire, p, e, err := workflow.LienEvenement(r.Context(), s.store, r.PathValue("jeton"), time.Now())
	if err != nil {
		return s.evenementLienUtilise(w, r, err)
	}
	return render(w, r, http.StatusOK, evenementLienPage(s.layout(r, "Votre réponse"), evenementLienData{Inscrire: inscrire, P: p, E: e, Action: r.URL.Path}))
}

func (s *Server) handleEvenementLien(w http.ResponseWriter, r *http.Request) error {
	res, err := workflow.RepondreEvenementParLien(r.Context(), s.store, s.cfg.BaseURL, r.PathValue("jeton"), time.Now())
	d := evenementLienData{P: res.Participation, E: res.Evenement, Kind: ui.KindSuccess}
	switch {
	case errors.Is(err, store.ErrJetonInvalide):
		return s.evenementLienUtilise(w, r, err)
	case errors.Is(err, workflow.ErrInscriptionsCloses), errors.Is(err, workflow.ErrDejaInscrit):
		d.Kind, d.Title, d.Done = ui.KindInfo, "Rien n'a changé", capitalize(err.Error())+"."
	case err != nil:
		return err
	default:
		d.Title, d.Done = reponseEvenementMessage(res)
	}
	return render(w, r, http.StatusOK, evenementLienPage(s.layout(r, "Votre réponse"), d))
}

// evenementLienUtilise answers an invitation's link that no longer works
// (err): used already, 410 with what it answered and when, and where the
// person stands now; otherwise the invalid link page.
func (s *Server) evenementLienUtilise(w http.ResponseWriter, r *http.Request, err error) error {
	if !errors.Is(err, store.ErrJetonInvalide) {
		return err
	}
	inscrire, p, e, le, uerr := workflow.LienEvenementUtilise(r.Context(), s.store, r.PathValue("jeton"))
	if uerr != nil {
		return s.invalidLink(w, r, err)
	}
	d := evenementLienData{P: p, E: e, Kind: ui.KindInfo, Title: "Réponse déjà enregistrée"}
	if inscrire {
		d.Done = "Vous avez déjà accepté cette invitation le " + model.DateHeure(le) + "."
	} else {
		d.Done = "Vous avez déjà décliné cette invitation le " + model.DateHeure(le) + " : c'est noté, merci de votre réponse."
	}
	switch p.Etat {
	case model.ParticipationInscrit:
		d.Done += " Vous êtes inscrit : rien d'autre à faire."
	case model.ParticipationAttente:
		d.Done += " Vous êtes sur la liste d'attente : une place libérée vous sera attribuée automatiquement."
	case model.ParticipationAnnule:
		d.Done += " Votre inscription a été annulée depuis."
	}
	return render(w, r, http.StatusGone, evenementLienPage(s.layout(r, "Votre réponse"), d))
}

func typeEvenementSelect(v, errMsg string) ui.SelectParams {
	p := ui.SelectParams{ID: "evenement-type", Name: "type", Label: "Type d'événement", Placeholder: "Choisir", Value: v, Error: errMsg, Required: true}
	for _, t := range model.TypesEvenement() {
		p.Options = append(p.Options, ui.Option{Value: string(t), Label: t.Label()})
	}
	return p
}

func academieEvenementSelect(list []refdata.Academie, v, errMsg string) ui.SelectParams {
	p := ui.SelectParams{ID: "evenement-academie", Name: "academie", Label: "Académie", Hint: "Aucune : événement national.", Placeholder: "Aucune (national)", Value: v, Error: errMsg}
	for _, a := range list {
		p.Options = append(p.Options, ui.Option{Value: a.Code, Label: a.Nom})
	}
	return p
}

func segmentSelect(list []model.Segment, value string) ui.SelectParams {
	p := ui.SelectParams{ID: "invitation-segment", Name: "segment", Label: "Segment à inviter", Placeholder: "Choisir un segment", Required: true, Value: value}
	for _, sg := range list {
		p.Options = append(p.Options, ui.Option{Value: itoa64(sg.ID), Label: sg.Nom + " (" + workflow.ResumeCriteres(sg.Criteres, nil) + ")"})
	}
	return p
}

func etatParticipationKind(e model.EtatParticipation) string {
	switch e {
	case model.ParticipationInscrit:
		return ui.KindSuccess
	case model.ParticipationAttente:
		return ui.KindWarning
	case model.ParticipationInvite:
		return ui.KindInfo
	}
	return ""
}

func placesLabel(e model.Evenement) string {
	if e.Capacite == 0 {
		return strconv.Itoa(e.Inscrits) + " (sans limite)"
	}
	return fmt.Sprintf("%d / %d", e.Inscrits, e.Capacite)
}

func evenementTable(d evenementListData) ui.TableParams {
	t := ui.TableParams{ID: "evenements", Caption: "Événements", CaptionHidden: true,
		Headers: []string{"Quand", "Événement", "Type", "État", "Inscrits", "Attente", "Présents"},
		Empty:   "Aucun événement pour l'instant."}
	if !d.Animateur {
		t.Headers = []string{"Quand", "Événement", "Type", "État", "Ma réponse"}
	}
	for _, e := range d.Items {
		row := []ui.TableCell{{Text: e.Quand()}, {Text: e.Titre, Href: "/animation/evenements/" + itoa64(e.ID)}, {Text: e.Type.Label()}, {Text: e.Etat.Label()}}
		if d.Animateur {
			row = append(row, ui.TableCell{Text: placesLabel(e), Numeric: true}, ui.TableCell{Text: strconv.Itoa(e.Attente), Numeric: true},
				ui.TableCell{Text: strconv.Itoa(e.Presents), Numeric: true})
		} else {
			row = append(row, ui.TableCell{Text: d.Mine[e.ID].Label()})
		}
		t.Rows = append(t.Rows, row)
	}
	return t
}

func participantsTable(list []model.Participation) ui.TableParams {
	t := ui.TableParams{ID: "participants", Caption: "Personnes invitées", Headers: []string{"Nom", "Courriel", "Qualité", "Réponse", "Présent"},
		Empty: "Personne n'est encore invité."}
	for _, p := range list {
		q := "CEE"
		if p.ProfessionnelID != 0 {
			q = "Professionnel"
		}
		present := ""
		if p.Present {
			present = "Oui"
		}
		t.Rows = append(t.Rows, []ui.TableCell{{Text: p.Nom}, {Text: p.Email}, {Text: q}, {Text: p.Etat.Label()}, {Text: present}})
	}
	return t
}

func etatEvenementKind(e model.EtatEvenement) string {
	if e == model.EvenementAnnule {
		return ui.KindError
	}
	return ui.KindSuccess
}

// animationLinks are the sections of the animation pages; segments are
// for managers only.
func animationLinks(animateur bool) []ui.BreadcrumbItem {
	out := []ui.BreadcrumbItem{{Label: "Événements", Href: "/animation/evenements"}}
	if animateur {
		out = append(out, ui.BreadcrumbItem{Label: "Segments", Href: "/animation/segments"})
	}
	return append(out, ui.BreadcrumbItem{Label: "Annonces", Href: "/animation/annonces"}, ui.BreadcrumbItem{Label: "Ressources", Href: "/animation/ressources"})
}
