package web

import (
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"cee/internal/auth"
	"cee/internal/model"
	"cee/internal/policy"
	"cee/internal/refdata"
	"cee/internal/store"
	"cee/internal/web/ui"
	"cee/internal/workflow"
)

const consentTTL = 30 * 24 * time.Hour

type professionnelListData struct {
	Items       []model.Professionnel
	Total, Page int
	Pages       int
	Query       url.Values
	CanInvite   bool
	CanExport   bool
}

// handleProfessionnels lists the wider network: an académie's consenting
// professionals, or a CEE's own invitations with their answers.
func (s *Server) handleProfessionnels(w http.ResponseWriter, r *http.Request) error {
	u := currentUser(r)
	page, err := pageParam(r)
	if err != nil {
		return err
	}
	items, total, err := s.store.SearchProfessionnels(r.Context(), store.ProfessionnelFilter{Scope: policy.ScopeOf(u.P),
		Q: strings.TrimSpace(r.URL.Query().Get("q")), Limit: pageSize, Offset: (page - 1) * pageSize})
	if err != nil {
		return err
	}
	d := professionnelListData{Items: items, Total: total, Page: page, Pages: max(1, (total+pageSize-1)/pageSize), Query: r.URL.Query(),
		CanInvite: policy.Can(u.P, model.ActionGerer, model.Resource{Kind: model.ResProfessionnels}),
		CanExport: policy.Can(u.P, model.ActionExporter, model.Resource{Kind: model.ResProfessionnels})}
	return render(w, r, http.StatusOK, professionnelListPage(s.layout(r, "Réseau de professionnels"), d))
}

// handleProfessionnelShow shows a professional's contact details, if they
// consented (or to the CEE who invited them); each display is journaled.
func (s *Server) handleProfessionnelShow(w http.ResponseWriter, r *http.Request) error {
	u := currentUser(r)
	id, err := pathID(r)
	if err != nil {
		return err
	}
	p, err := workflow.ConsulterProfessionnel(r.Context(), s.store, s.actor(r), id)
	if err != nil {
		return err
	}
	export := policy.Can(u.P, model.ActionGerer, model.Resource{Kind: model.ResComptes, Academie: p.Academie})
	return render(w, r, http.StatusOK, professionnelShowPage(s.layout(r, p.Prenom+" "+p.Nom), p, export))
}

type inviteProForm struct {
	V    url.Values
	Errs map[string]string
}

func (s *Server) handleProfessionnelInviteForm(w http.ResponseWriter, r *http.Request) error {
	return render(w, r, http.StatusOK, professionnelInvitePage(s.layout(r, "Inviter un professionnel"), inviteProForm{V: url.Values{}, Errs: map[string]string{}}))
}

// handleProfessionnelInvite records a professional proposed by a CEE and
// mails them a link to give or refuse consent: until they answer, nobody
// sees their contact details.
func (s *Server) handleProfessionnelInvite(w http.ResponseWriter, r *http.Request) error {
	u := currentUser(r)
	r.ParseForm()
	f := inviteProForm{V: r.PostForm, Errs: map[string]string{}}
	v := func(k string) string { return strings.TrimSpace(r.PostFormValue(k)) }
	ceeID, err := strconv.ParseInt(u.P.H.Ref, 10, 64)
	if err != nil {
		return withStatus(http.StatusForbidden, errors.New("seul un conseiller invite des professionnels"))
	}
	cee, err := s.store.GetConseillerInScope(r.Context(), ceeID, policy.ScopeOf(u.P))
	if err != nil {
		return err
	}
	p := model.Professionnel{Academie: cee.Academie, ConseillerID: cee.ID, Civilite: v("civilite"), Nom: v("nom"), Prenom: v("prenom"),
		Entreprise: v("entreprise"), Telephone: v("telephone")}
	if p.StatutPro, err = model.ParseStatutPro(v("statut")); err != nil {
		f.Errs["statut"] = err.Error()
	}
	if p.Nom == "" {
		f.Errs["nom"] = "Indiquez le nom."
	}
	if p.Prenom == "" {
		f.Errs["prenom"] = "Indiquez le prénom."
	}
	if p.Email, err = model.NormalizeEmail(v("email")); err != nil {
		f.Errs["email"] = err.Error()
	}
	var msg string
	if p.CodeNAF, msg = activiteField(v("naf")); msg != "" {
		f.Errs["naf"] = msg
	}
	if cm, msg := communeField(v("commune")); msg != "" {
		f.Errs["commune"] = msg
	} else if cm.CodeINSEE != "" {
		p.CodeCommune, p.NomCommune, p.Departement = cm.CodeINSEE, cm.Nom, cm.Departement
	}
	mergeErrs(f.Errs, p.Errors())
	asked := consentOf(r.PostForm)
	if !asked.Any() {
		f.Errs["objet"] = "Choisissez au moins un motif de sollicitation."
	}
	if len(f.Errs) > 0 {
		return render(w, r, http.StatusUnprocessableEntity, professionnelInvitePage(s.layout(r, "Inviter un professionnel"), f))
	}
	err = workflow.InviterProfessionnel(r.Context(), s.store, s.actor(r), s.cfg.BaseURL, p, asked, cee.NomComplet(), consentTTL)
	if errors.Is(err, store.ErrConflict) {
		f.Errs["email"] = "Ce professionnel est déjà dans le réseau."
		return render(w, r, http.StatusUnprocessableEntity, professionnelInvitePage(s.layout(r, "Inviter un professionnel"), f))
	}
	if err != nil {
		return err
	}
	setFlash(w, ui.KindSuccess, "Invitation envoyée", p.Prenom+" "+p.Nom+" choisira s'il accepte d'être sollicité, et pour quoi.")
	http.Redirect(w, r, "/professionnels", http.StatusSeeOther)
	return nil
}

// consentLimites reads the limits a professional sets with their agreement
// into c, and the French messages of those out of range.
func consentLimites(v url.Values, c *model.Consentement) map[string]string {
	plafond, distance := strings.TrimSpace(v.Get("plafond")), strings.TrimSpace(v.Get("distance_max_km"))
	var err1, err2 error
	if plafond != "" {
		c.MaxParMois, err1 = strconv.Atoi(plafond)
	}
	if distance != "" {
		c.DistanceMaxKm, err2 = strconv.Atoi(distance)
	}
	errs := c.ErreursLimites(plafond != "", distance != "")
	if err1 != nil {
		c.MaxParMois = -1
		errs = c.ErreursLimites(true, distance != "")
	}
	if err2 != nil {
		c.DistanceMaxKm = -1
		errs = c.ErreursLimites(plafond != "", true)
	}
	return errs
}

func consentOf(v url.Values) model.Consentement {
	var c model.Consentement
	for _, x := range v["objet"] {
		switch x {
		case "interventions":
			c.Interventions = true
		case "visites":
			c.Visites = true
		case "stages":
			c.Stages = true
		case "jurys":
			c.Jurys = true
		}
	}
	return c
}

type consentData struct {
	Action string
	V      url.Values // objet, statut
	Errs   map[string]string
}

// consentToken checks the link and reads the form's starting values: the
// status the inviting CEE may have entered.
func (s *Server) consentToken(r *http.Request) (consentData, error) {
	hash := auth.HashToken(r.PathValue("jeton"))
	payload, err := s.store.PeekJetonPayload(r.Context(), hash, store.JetonConsent, time.Now())
	if err != nil {
		return consentData{}, err
	}
	var ref struct{ Professionnel int64 }
	if err := json.Unmarshal(payload, &ref); err != nil {
		return consentData{}, err
	}
	p, err := s.store.GetProfessionnel(r.Context(), ref.Professionnel)
	if err != nil {
		return consentData{}, err
	}
	return consentData{Action: r.URL.Path, V: url.Values{"statut": {string(p.StatutPro)}}, Errs: map[string]string{}}, nil
}

// handleConsentShow asks the professional, without an account, what they
// agree to be contacted for.
func (s *Server) handleConsentShow(w http.ResponseWriter, r *http.Request) error {
	d, err := s.consentToken(r)
	if err != nil {
		return s.invalidLink(w, r, err)
	}
	return render(w, r, http.StatusOK, consentPage(s.layout(r, "Votre accord"), d))
}

func (s *Server) handleConsentSave(w http.ResponseWriter, r *http.Request) error {
	r.ParseForm()
	c := consentOf(r.PostForm)
	errs := consentLimites(r.PostForm, &c)
	statut, err := model.ParseStatutPro(r.PostFormValue("statut"))
	if err != nil {
		errs["statut"] = err.Error()
	}
	if len(errs) > 0 {
		// The link is checked before saying what is wrong with the form,
		// and stays unused so that the answer can be sent again.
		if _, lerr := s.consentToken(r); lerr != nil {
			return s.invalidLink(w, r, lerr)
		}
		d := consentData{Action: r.URL.Path, V: r.PostForm, Errs: errs}
		return render(w, r, http.StatusUnprocessableEntity, consentPage(s.layout(r, "Votre accord"), d))
	}
	var statutDonne *model.StatutPro
	if _, given := r.PostForm["statut"]; given {
		statutDonne = &statut
	}
	account, err := workflow.RepondreConsentement(r.Context(), s.store, clientIP(r), auth.HashToken(r.PathValue("jeton")), c, statutDonne,
		r.PostFormValue("compte") == "1")
	if err != nil {
		return s.invalidLink(w, r, err)
	}
	msg := "Vous ne serez pas sollicité. Merci de votre réponse."
	if c.Any() {
		msg = "Vous pourrez être sollicité pour : " + strings.Join(c.Labels(), ", ") + ". Merci de votre engagement auprès des élèves."
	}
	if account {
		msg += " Votre compte est ouvert : connectez-vous avec votre adresse (« Recevoir un lien » sur la page de connexion) pour modifier ou retirer votre accord."
	}
	return render(w, r, http.StatusOK, consentDonePage(s.layout(r, "Merci"), msg))
}

func professionnelTable(items []model.Professionnel) ui.TableParams {
	t := ui.TableParams{Caption: "Professionnels", CaptionHidden: true, Bordered: true,
		Headers: []string{"Nom", "Entreprise", "Commune", "Sollicitable pour", "Accord"}, Empty: "Aucun professionnel."}
	for _, p := range items {
		accord := "en attente de réponse"
		if p.ConsentLe != nil {
			accord = "donné le " + model.Date(*p.ConsentLe)
			if !p.Consent.Any() {
				accord = "refusé"
			}
		}
		t.Rows = append(t.Rows, []ui.TableCell{{Text: p.Nom + " " + p.Prenom, Href: "/professionnels/" + itoa64(p.ID)},
			{Text: p.Entreprise}, {Text: p.NomCommune}, {Text: strings.Join(p.Consent.Labels(), ", ")}, {Text: accord}})
	}
	return t
}

func objetOptions() []ui.Option {
	return []ui.Option{{Value: "interventions", Label: "Interventions en classe (découverte des métiers)"}, {Value: "visites", Label: "Visites d'entreprise"},
		{Value: "stages", Label: "Accueil de stagiaires"}, {Value: "jurys", Label: "Jurys d'examen professionnel"}}
}

// ownProfessionnel is the record of the signed-in professional.
func (s *Server) ownProfessionnel(r *http.Request) (model.Professionnel, error) {
	id, err := strconv.ParseInt(currentUser(r).P.H.Ref, 10, 64)
	if err != nil {
		return model.Professionnel{}, store.ErrNotFound
	}
	return s.store.GetProfessionnel(r.Context(), id)
}

func consentValues(c model.Consentement) []string {
	var v []string
	for _, o := range []struct {
		on   bool
		name string
	}{{c.Interventions, "interventions"}, {c.Visites, "visites"}, {c.Stages, "stages"}, {c.Jurys, "jurys"}} {
		if o.on {
			v = append(v, o.name)
		}
	}
	return v
}

// handleAccord shows a professional with an account what they agreed to.
func (s *Server) handleAccord(w http.ResponseWriter, r *http.Request) error {
	p, err := s.ownProfessionnel(r)
	if err != nil {
		return err
	}
	v := url.Values{"objet": consentValues(p.Consent), "statut": {string(p.StatutPro)}, "specialites": {workflow.LibellesReferences(refdata.ReferentielSpecialites(), p.Specialites)}}
	if p.Consent.MaxParMois > 0 {
		v.Set("plafond", strconv.Itoa(p.Consent.MaxParMois))
	}
	if p.Consent.DistanceMaxKm > 0 {
		v.Set("distance_max_km", strconv.Itoa(p.Consent.DistanceMaxKm))
	}
	return render(w, r, http.StatusOK, accordPage(s.layout(r, "Mon accord"), p, v, map[string]string{}))
}

// handleAccordSave changes or withdraws the consent: unchecking everything
// stops every solicitation at once.
func (s *Server) handleAccordSave(w http.ResponseWriter, r *http.Request) error {
	p, err := s.ownProfessionnel(r)
	if err != nil {
		return err
	}
	r.ParseForm()
	c := consentOf(r.PostForm)
	errs := consentLimites(r.PostForm, &c)
	statut, err := model.ParseStatutPro(r.PostFormValue("statut"))
	if _, given := r.PostForm["statut"]; !given {
		statut = p.StatutPro // the select left on « Non renseigné » sends nothing
	}
	if err != nil {
		errs["statut"] = err.Error()
	}
	specialites, msg := workflow.LireSpecialites(r.PostFormValue("specialites"))
	if msg != "" {
		errs["specialites"] = msg
	}
	if len(errs) > 0 {
		return render(w, r, http.StatusUnprocessableEntity, accordPage(s.layout(r, "Mon accord"), p, r.PostForm, errs))
	}
	err = workflow.ModifierAccord(r.Context(), s.store, s.actor(r), p, c, statut, specialites)
	if err != nil {
		return err
	}
	if c.Any() {
		setFlash(w, ui.KindSuccess, "Accord enregistré", "Vous pourrez être sollicité pour : "+strings.Join(c.Labels(), ", ")+".")
	} else {
		setFlash(w, ui.KindSuccess, "Accord retiré", "Plus personne ne vous sollicitera.")
	}
	http.Redirect(w, r, "/mon-accord", http.StatusSeeOther)
	return nil
}

const retraitTTL = 7 * 24 * time.Hour

// handleRetraitForm lets a professional without an account withdraw their
// consent: they give their address and confirm by the link they receive.
func (s *Server) handleRetraitForm(w http.ResponseWriter, r *http.Request) error {
	return render(w, r, http.StatusOK, retraitPage(s.layout(r, "Retirer mon accord"), "", ""))
}

// handleRetraitRequest sends the confirmation link when the address is a
// professional's, and answers the same either way (no enumeration).
func (s *Server) handleRetraitRequest(w http.ResponseWriter, r *http.Request) error {
	email, err := model.NormalizeEmail(r.PostFormValue("email"))
	if err != nil {
		return render(w, r, http.StatusUnprocessableEntity, retraitPage(s.layout(r, "Retirer mon accord"), r.PostFormValue("email"), err.Error()))
	}
	if err := s.allowEmail(r, "retrait", email); err != nil {
		return err
	}
	p, err := s.store.GetProfessionnelByEmail(r.Context(), email)
	if err == nil {
		err = workflow.DemanderRetrait(r.Context(), s.store, s.cfg.BaseURL, p, retraitTTL)
	}
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return err
	}
	return render(w, r, http.StatusOK, consentDonePage(s.layout(r, "Lien envoyé"),
		"Si cette adresse est celle d'un professionnel du réseau, un courriel vient de lui être envoyé avec un lien pour confirmer le retrait. Le lien est valable 7 jours."))
}

func (s *Server) handleRetraitShow(w http.ResponseWriter, r *http.Request) error {
	if err := s.store.PeekJeton(r.Context(), auth.HashToken(r.PathValue("jeton")), store.JetonRetrait, time.Now()); err != nil {
		return s.invalidLink(w, r, err)
	}
	return render(w, r, http.StatusOK, retraitConfirmPage(s.layout(r, "Retirer mon accord"), r.URL.Path))
}

// handleRetraitConfirm withdraws the consent: every purpose off at once.
func (s *Server) handleRetraitConfirm(w http.ResponseWriter, r *http.Request) error {
	err := workflow.ConfirmerRetrait(r.Context(), s.store, workflow.Actor{IP: clientIP(r)}, auth.HashToken(r.PathValue("jeton")))
	if err != nil {
		return s.invalidLink(w, r, err)
	}
	return render(w, r, http.StatusOK, consentDonePage(s.layout(r, "Accord retiré"), "Votre accord est retiré : plus personne ne vous sollicitera. Merci pour ce que vous avez apporté aux élèves."))
}
