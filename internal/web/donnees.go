package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"cee/internal/auth"
	"cee/internal/model"
	"cee/internal/pdf"
	"cee/internal/policy"
	"cee/internal/refdata"
	"cee/internal/store"
	"cee/internal/web/ui"
	"cee/internal/workflow"
)

// routesDonnees registers the pages of personal data (RGPD): the public
// description of the processings is /donnees-personnelles (routes.go);
// here, each person's export and erasure request, with an account or by a
// confirmed link, and the pilotes' list of erasure requests.
func (s *Server) routesDonnees() {
	s.handle("GET /compte/donnees", signedIn, s.handleMesDonnees)
	s.handle("GET /compte/donnees.json", signedIn, s.handleMesDonneesExport)
	s.handle("GET /compte/donnees.pdf", signedIn, s.handleMesDonneesExport)
	s.handle("POST /compte/effacement", signedIn, s.handleMonEffacement)
	s.handle("GET /mes-donnees", nil, s.handleDonneesLienForm)
	s.handle("POST /mes-donnees", nil, s.handleDonneesLienRequest, rateLimited("donnees"))
	s.handle("GET /mes-donnees/{jeton}", nil, s.handleDonneesLienShow)
	s.handle("GET /mes-donnees/{jeton}/donnees.json", nil, s.handleDonneesLienExport)
	s.handle("GET /mes-donnees/{jeton}/donnees.pdf", nil, s.handleDonneesLienExport)
	s.handle("POST /mes-donnees/{jeton}/effacement", nil, s.handleDonneesLienEffacement, rateLimited("donnees"))
	s.handle("GET /effacements", can(model.ResComptes, model.ActionGerer), s.handleEffacements)
	s.handle("POST /effacements/{id}/confirmation", can(model.ResComptes, model.ActionGerer), s.handleEffacementConfirm)
	s.handle("POST /effacements/{id}/refus", can(model.ResComptes, model.ActionGerer), s.handleEffacementRefus)
	s.handle("GET /professionnels/{id}/donnees.json", can(model.ResComptes, model.ActionGerer), s.handleProfessionnelDonnees)
	s.handle("GET /professionnels/{id}/donnees.pdf", can(model.ResComptes, model.ActionGerer), s.handleProfessionnelDonnees)
	s.handle("POST /parametres/conservation", can(model.ResComptes, model.ActionGerer), s.handleConservationSave)
}

// handleConservationSave sets the académie's retention periods.
func (s *Server) handleConservationSave(w http.ResponseWriter, r *http.Request) error {
	u := currentUser(r)
	a, ok := parametresAcademie(r)
	if !ok {
		return withStatus(http.StatusBadRequest, errors.New("académie inconnue"))
	}
	cee, _ := strconv.Atoi(strings.TrimSpace(r.PostFormValue("conservation_cee")))
	pro, _ := strconv.Atoi(strings.TrimSpace(r.PostFormValue("conservation_pro")))
	c := model.Conservation{CEEAns: cee, ProfessionnelAns: pro}
	if errs := c.Errors(); len(errs) > 0 {
		p, err := s.store.GetParametres(r.Context(), a)
		if err != nil {
			return err
		}
		d := parametresData{P: p, V: parametresValues(p), Errs: errs, Conservation: c}
		if u.P.H.Academie == "" {
			d.Academies = refdata.Academies()
		}
		d.V["conservation_cee"] = []string{r.PostFormValue("conservation_cee")}
		d.V["conservation_pro"] = []string{r.PostFormValue("conservation_pro")}
		return render(w, r, http.StatusUnprocessableEntity, parametresPage(s.layout(r, "Paramètres de l'académie"), d))
	}
	err := workflow.EnregistrerConservation(r.Context(), s.store, s.actor(r), a, c)

	if err != nil {
		return err
	}
	setFlash(w, ui.KindSuccess, "Durées de conservation enregistrées", "Elles s'appliquent dès la prochaine exécution quotidienne, et la page « Données personnelles » les affiche.")
	http.Redirect(w, r, "/parametres?academie="+url.QueryEscape(a), http.StatusSeeOther)
	return nil
}

// handleDonneesPersonnelles is the public page describing every processing
// of personal data, rendered from model.Traitements.
// The retention periods an académie set for itself are listed under the
// national ones: the page shows what the retention job applies.
func (s *Server) handleDonneesPersonnelles(w http.ResponseWriter, r *http.Request) error {
	all, err := s.store.ConservationsAcademies(r.Context())
	if err != nil {
		return err
	}
	var propres []conservationAcademie
	for _, a := range refdata.Academies() {
		if c, ok := all[a.Code]; ok {
			propres = append(propres, conservationAcademie{Nom: a.Nom, C: c})
		}
	}
	return render(w, r, http.StatusOK, donneesPersonnellesPage(s.layout(r, "Données personnelles"), model.Traitements(), propres))
}

// conservationAcademie is an académie with retention periods of its own.
type conservationAcademie struct {
	Nom string
	C   model.Conservation
}

// mesDonneesData is the page of a person's own data.
type mesDonneesData struct {
	Sections []store.Section
	Demande  *model.DemandeEffacement
	Base     string // where the downloads and the erasure form are
	Error    string // the erasure form's error
}

func (s *Server) handleMesDonnees(w http.ResponseWriter, r *http.Request) error {
	d, err := s.mesDonnees(r, "/compte")
	if err != nil {
		return err
	}
	return render(w, r, http.StatusOK, mesDonneesPage(s.layout(r, "Mes données personnelles"), d))
}

func (s *Server) mesDonnees(r *http.Request, base string) (mesDonneesData, error) {
	p, err := s.store.PersonneOfCompte(r.Context(), currentUser(r).Compte.ID)
	if err != nil {
		return mesDonneesData{}, err
	}
	return s.donneesOf(r, p, base)
}

func (s *Server) donneesOf(r *http.Request, p store.Personne, base string) (mesDonneesData, error) {
	secs, err := s.store.DonneesPersonne(r.Context(), p)
	if err != nil {
		return mesDonneesData{}, err
	}
	d := mesDonneesData{Sections: secs, Base: base}
	if dem, err := s.store.DemandeEffacementOf(r.Context(), p); err == nil {
		d.Demande = &dem
	} else if !errors.Is(err, store.ErrNotFound) {
		return d, err
	}
	return d, nil
}

func (s *Server) handleMesDonneesExport(w http.ResponseWriter, r *http.Request) error {
	u := currentUser(r)
	p, err := s.store.PersonneOfCompte(r.Context(), u.Compte.ID)
	if err != nil {
		return err
	}
	return s.sendDonnees(w, r, p, u.Compte, "export de ses données personnelles")
}

// sendDonnees writes everything held about p as JSON or PDF (by the path's
// extension), after a journal line on the person's record: the export is
// itself data about them, and an export by a pilote must be traceable.
func (s *Server) sendDonnees(w http.ResponseWriter, r *http.Request, p store.Personne, actor model.Compte, detail string) error {
	format := "json"
	if strings.HasSuffix(r.URL.Path, ".pdf") {
		format = "pdf"
	}
	a := workflow.Actor{Compte: actor, IP: clientIP(r)}
	if u := currentUser(r); u != nil && u.Compte.ID == actor.ID {
		a = s.actor(r) // the person's own role and académie in the journal
	}
	secs, err := workflow.ExporterDonnees(r.Context(), s.store, a, p, detail, format)
	if err != nil {
		return err
	}
	now := time.Now()
	nom := p.Nom
	if nom == "" && len(p.Emails) > 0 {
		nom = p.Emails[0]
	}
	if format == "pdf" {
		doc := pdf.Donnees{Nom: nom, Date: now}
		for _, sec := range secs {
			doc.Sections = append(doc.Sections, pdf.SectionDonnees{Titre: sec.Titre, Colonnes: sec.Colonnes, Lignes: sec.Lignes})
		}
		var buf bytes.Buffer
		if err := pdf.DonneesPersonnelles(&buf, pdfAcademie(p.Academie), doc); err != nil {
			return err
		}
		return sendPDF(w, "donnees-personnelles.pdf", buf.Bytes())
	}
	type sectionJSON struct {
		Code   string              `json:"code"`
		Titre  string              `json:"titre"`
		Lignes []map[string]string `json:"lignes"`
	}
	out := struct {
		Personne  string        `json:"personne"`
		Adresses  []string      `json:"adresses"`
		GenereLe  time.Time     `json:"genere_le"`
		Sections  []sectionJSON `json:"sections"`
		Reference string        `json:"traitements"`
	}{Personne: nom, Adresses: p.Emails, GenereLe: now.UTC(), Reference: s.cfg.BaseURL + "/donnees-personnelles"}
	for _, sec := range secs {
		sj := sectionJSON{Code: sec.Code, Titre: sec.Titre}
		for _, l := range sec.Lignes {
			row := map[string]string{}
			for i, c := range sec.Colonnes {
				row[c] = l[i]
			}
			sj.Lignes = append(sj.Lignes, row)
		}
		out.Sections = append(out.Sections, sj)
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="donnees-personnelles.json"`)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

// confirmed tells whether the erasure form's confirmation box is ticked:
// an erasure is final, so it is never requested (nor confirmed) by a bare
// POST.
func confirmed(r *http.Request) bool { return r.PostFormValue("confirmation") == "oui" }

const errConfirmation = "Cochez la case pour confirmer : l'effacement est définitif."

func (s *Server) handleMonEffacement(w http.ResponseWriter, r *http.Request) error {
	u := currentUser(r)
	if !confirmed(r) {
		d, err := s.mesDonnees(r, "/compte")
		if err != nil {
			return err
		}
		d.Error = errConfirmation
		return render(w, r, http.StatusUnprocessableEntity, mesDonneesPage(s.layout(r, "Mes données personnelles"), d))
	}
	p, err := s.store.PersonneOfCompte(r.Context(), u.Compte.ID)
	if err != nil {
		return err
	}
	if _, err := workflow.DemanderEffacement(r.Context(), s.store, p, model.OrigineCompte, clientIP(r), s.cfg.BaseURL, time.Now()); err != nil {
		return err
	}
	setFlash(w, ui.KindSuccess, "Demande d'effacement envoyée", "Le pilote de votre académie la traite dans le mois ; vous recevrez un courriel s'il la refuse.")
	http.Redirect(w, r, "/compte/donnees", http.StatusSeeOther)
	return nil
}

const donneesTTL = 24 * time.Hour

// lienDonnees is what a data link opens: the person as found when the
// link was sent.
type lienDonnees struct {
	Compte, Conseiller, Professionnel int64
}

func (s *Server) handleDonneesLienForm(w http.ResponseWriter, r *http.Request) error {
	return render(w, r, http.StatusOK, donneesLienPage(s.layout(r, "Accéder à mes données"), "", ""))
}

// handleDonneesLienRequest mails a link to the person an address belongs
// to, and answers the same whether it belongs to someone or not, so that
// nobody learns who is in the network.
func (s *Server) handleDonneesLienRequest(w http.ResponseWriter, r *http.Request) error {
	email, err := model.NormalizeEmail(r.PostFormValue("email"))
	if err != nil {
		return render(w, r, http.StatusUnprocessableEntity, donneesLienPage(s.layout(r, "Accéder à mes données"), r.PostFormValue("email"), err.Error()))
	}
	if err := s.allowEmail(r, "donnees", email); err != nil {
		return err
	}
	p, err := s.store.PersonneOfEmail(r.Context(), email)
	if err == nil {
		payload, _ := json.Marshal(lienDonnees{p.CompteID, p.ConseillerID, p.ProfessionnelID})
		err = workflow.EnvoyerLienDonnees(r.Context(), s.store, s.cfg.BaseURL, payload, donneesTTL, email)
	}
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return err
	}
	return render(w, r, http.StatusOK, consentDonePage(s.layout(r, "Lien envoyé"),
		"Si cette adresse est connue du service, un courriel vient d'y être envoyé avec un lien vers vos données. Le lien est valable 24 heures."))
}

// personneOfLien reads the person a data link was made for; the link is
// not used up, so that both downloads and the erasure request work.
func (s *Server) personneOfLien(r *http.Request) (store.Personne, error) {
	raw, err := s.store.PeekJetonPayload(r.Context(), auth.HashToken(r.PathValue("jeton")), store.JetonDonnees, time.Now())
	if err != nil {
		return store.Personne{}, err
	}
	var l lienDonnees
	if err := json.Unmarshal(raw, &l); err != nil {
		return store.Personne{}, err
	}
	switch {
	case l.Compte != 0:
		return s.store.PersonneOfCompte(r.Context(), l.Compte)
	case l.Conseiller != 0:
		return s.store.PersonneOfConseiller(r.Context(), l.Conseiller)
	case l.Professionnel != 0:
		return s.store.PersonneOfProfessionnel(r.Context(), l.Professionnel)
	}
	return store.Personne{}, store.ErrJetonInvalide
}

func (s *Server) handleDonneesLienShow(w http.ResponseWriter, r *http.Request) error {
	p, err := s.personneOfLien(r)
	if err != nil {
		return s.invalidLink(w, r, err)
	}
	d, err := s.donneesOf(r, p, r.URL.Path)
	if err != nil {
		return err
	}
	return render(w, r, http.StatusOK, mesDonneesPage(s.layout(r, "Mes données personnelles"), d))
}

func (s *Server) handleDonneesLienExport(w http.ResponseWriter, r *http.Request) error {
	p, err := s.personneOfLien(r)
	if err != nil {
		return s.invalidLink(w, r, err)
	}
	return s.sendDonnees(w, r, p, model.Compte{}, "export de ses données personnelles par lien")
}

func (s *Server) handleDonneesLienEffacement(w http.ResponseWriter, r *http.Request) error {
	p, err := s.personneOfLien(r)
	if err != nil {
		return s.invalidLink(w, r, err)
	}
	base := strings.TrimSuffix(r.URL.Path, "/effacement")
	if !confirmed(r) {
		d, err := s.donneesOf(r, p, base)
		if err != nil {
			return err
		}
		d.Error = errConfirmation
		return render(w, r, http.StatusUnprocessableEntity, mesDonneesPage(s.layout(r, "Mes données personnelles"), d))
	}
	if _, err := workflow.DemanderEffacement(r.Context(), s.store, p, model.OrigineLien, clientIP(r), s.cfg.BaseURL, time.Now()); err != nil {
		return err
	}
	return render(w, r, http.StatusOK, consentDonePage(s.layout(r, "Demande d'effacement envoyée"),
		"Votre demande d'effacement est enregistrée. Le pilote de votre académie la traite dans le mois ; vous recevrez un courriel s'il la refuse."))
}

// effacementsData is the pilotes' list of erasure requests.
type effacementsData struct {
	Demandes []model.DemandeEffacement
	ErrorID  int64 // the request whose form has an error
	Error    string
	Motif    string
}

func (s *Server) handleEffacements(w http.ResponseWriter, r *http.Request) error {
	return s.renderEffacements(w, r, http.StatusOK, effacementsData{})
}

func (s *Server) renderEffacements(w http.ResponseWriter, r *http.Request, status int, d effacementsData) error {
	list, err := s.store.ListDemandesEffacement(r.Context(), policy.ScopeOf(currentUser(r).P))
	if err != nil {
		return err
	}
	d.Demandes = list
	return render(w, r, status, effacementsPage(s.layout(r, "Demandes d'effacement"), d))
}

func (s *Server) handleEffacementConfirm(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if !confirmed(r) {
		return s.renderEffacements(w, r, http.StatusUnprocessableEntity, effacementsData{ErrorID: id, Error: errConfirmation})
	}
	err = workflow.ConfirmerEffacement(r.Context(), s.store, s.actor(r), id, time.Now())
	if errors.Is(err, workflow.ErrDejaTraitee) {
		return dejaTraitee(w, r)
	}
	if err != nil {
		return err
	}
	setFlash(w, ui.KindSuccess, "Effacement effectué", "La personne est anonymisée partout ; les chiffres de l'activité sont inchangés.")
	http.Redirect(w, r, "/effacements", http.StatusSeeOther)
	return nil
}

func (s *Server) handleEffacementRefus(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	motif := r.PostFormValue("motif")
	err = workflow.RefuserEffacement(r.Context(), s.store, s.actor(r), id, motif, time.Now())
	if errors.Is(err, workflow.ErrMotifRefus) {
		return s.renderEffacements(w, r, http.StatusUnprocessableEntity, effacementsData{ErrorID: id, Error: err.Error(), Motif: motif})
	}
	if errors.Is(err, workflow.ErrDejaTraitee) {
		return dejaTraitee(w, r)
	}
	if err != nil {
		return err
	}
	setFlash(w, ui.KindSuccess, "Demande refusée", "La personne reçoit la raison du refus par courriel.")
	http.Redirect(w, r, "/effacements", http.StatusSeeOther)
	return nil
}

// dejaTraitee answers a decision on a request someone already decided:
// the list shows what was done.
func dejaTraitee(w http.ResponseWriter, r *http.Request) error {
	setFlash(w, ui.KindWarning, "Demande déjà traitée", workflow.ErrDejaTraitee.Error()+" : la liste montre la décision prise.")
	http.Redirect(w, r, "/effacements", http.StatusSeeOther)
	return nil
}

// handleProfessionnelDonnees lets a pilote download the data of a
// professional without an account who asked for it by other means (a
// letter, a phone call); the download is journaled.
func (s *Server) handleProfessionnelDonnees(w http.ResponseWriter, r *http.Request) error {
	u := currentUser(r)
	id, err := pathID(r)
	if err != nil {
		return err
	}
	pro, err := s.store.GetProfessionnel(r.Context(), id)
	if err != nil {
		return err
	}
	if sc := policy.ScopeOf(u.P); !sc.National && sc.Academie != pro.Academie {
		return store.ErrNotFound
	}
	p, err := s.store.PersonneOfProfessionnel(r.Context(), id)
	if err != nil {
		return err
	}
	return s.sendDonnees(w, r, p, u.Compte, "export des données personnelles d'un professionnel, à sa demande")
}
