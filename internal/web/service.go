package web

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"cee/internal/importer"
	"cee/internal/model"
	"cee/internal/policy"
	"cee/internal/store"
	"cee/internal/web/ui"
	"cee/internal/workflow"
)

// serviceCEE is one CEE of the organisation and the services they gave in
// the year (model.Service: actions, jury sittings, events attended).
type serviceCEE struct {
	C        store.ChargeCEE
	Services []model.Service
	Totaux   []model.TotalService
}

type serviceReseauData struct {
	Organisation string
	Reseau       bool // a tête de réseau: its members' CEE in every académie
	Annee        model.AnneeScolaire
	Annees       []model.AnneeScolaire
	CEE          []serviceCEE
	Inactifs     int
}

// handleServiceReseau shows an organisation's référent the service its CEE
// in mandate gave in a school year: what each did (actions as their
// compte rendu names them, jury sittings, network events attended), with
// hours, and who is « inactif ». No pupil's or school's personal data:
// an action shows its kind, date, duration and school name only. A tête
// de réseau reads the same for its members' CEE in every académie.
func (s *Server) handleServiceReseau(w http.ResponseWriter, r *http.Request) error {
	u := currentUser(r)
	now := time.Now()
	d := serviceReseauData{Annee: model.AnneeScolaireOf(now), Annees: workflow.Annees(now)}
	f := store.IndicateurFilter{Now: now}
	orgID, ok := policy.OrganisationDe(u.P)
	if ok {
		f.Academie, f.OrganisationID = u.P.H.Academie, orgID
	} else if orgID, ok = policy.TeteReseauDe(u.P); ok {
		f.Reseau, d.Reseau = orgID, true
	} else {
		return withStatus(http.StatusForbidden, fmt.Errorf("réservé aux référents d'une organisation ou d'une tête de réseau"))
	}
	if v := r.URL.Query().Get("annee"); v != "" {
		a, err := workflow.LireAnnee(v, now)
		if err != nil {
			return withStatus(http.StatusBadRequest, err)
		}
		d.Annee = a
	}
	if o, err := s.store.GetOrganisation(r.Context(), orgID); err == nil {
		d.Organisation = o.Nom
	} else {
		return err
	}
	// The same figures as the organisation's dashboard (IndicateursCharge).
	f.Annee = d.Annee
	ch, err := s.store.IndicateursCharge(r.Context(), f)
	if err != nil {
		return err
	}
	d.Inactifs = ch.Inactifs
	au := d.Annee.Fin().AddDate(0, 0, -1)
	for _, c := range ch.CEE {
		list, err := s.store.ListServices(r.Context(), c.ID, d.Annee.Debut(), au)
		if err != nil {
			return err
		}
		d.CEE = append(d.CEE, serviceCEE{C: c, Services: list, Totaux: model.TotauxServices(list)})
	}
	return render(w, r, http.StatusOK, serviceReseauPage(s.layout(r, "Service de nos conseillers"), d))
}

func serviceResumeTable(d serviceReseauData) ui.TableParams {
	t := ui.TableParams{Caption: "Service de chaque conseiller en " + d.Annee.Label(), Bordered: true,
		Headers: []string{"Conseiller", "Actions", "Heures d'actions", "Jurys d'examen", "Événements du réseau", "Actif sur 12 mois"},
		Empty:   "Aucun conseiller de l'organisation en mandat cette année-là."}
	if d.Reseau {
		// Which member proposed each CEE (its name carries its place).
		t.Headers = slices.Insert(t.Headers, 1, "Organisation")
	}
	for _, x := range d.CEE {
		actif := "Oui"
		if !x.C.Actif12Mois {
			actif = "Non (inactif)"
		}
		row := []ui.TableCell{{Text: x.C.Prenom + " " + x.C.Nom}, {Text: fmt.Sprint(x.C.ActionsAnnee), Numeric: true},
			{Text: heuresFR(float64(x.C.MinutesAnnee) / 60), Numeric: true}, {Text: fmt.Sprint(x.C.JurysAnnee), Numeric: true},
			{Text: fmt.Sprint(x.C.EvenementsAnnee), Numeric: true}, {Text: actif}}
		if d.Reseau {
			row = slices.Insert(row, 1, ui.TableCell{Text: x.C.Organisation})
		}
		t.Rows = append(t.Rows, row)
	}
	return t
}

func serviceDetailTable(x serviceCEE) ui.TableParams {
	t := serviceTable(x.Services)
	t.Caption, t.CaptionHidden = "Services de "+x.C.Prenom+" "+x.C.Nom, true
	t.Empty = "Aucun service enregistré sur l'année."
	return t
}

type propositionsData struct {
	Err      string
	Mission  string
	Nom      string
	Rapport  *importer.Rapport
	Resultat workflow.PropositionsResult
	// The confirmation step and the file it keeps.
	Confirmation  *confirmation
	Televersement int64
}

func (s *Server) handlePropositionsForm(w http.ResponseWriter, r *http.Request) error {
	return render(w, r, http.StatusOK, propositionsPage(s.layout(r, "Proposer des candidats par fichier"), propositionsData{}))
}

// handlePropositions proposes the candidates of an uploaded spreadsheet for
// the référent's organisation, read by the register import's reader. As
// the bulk invitation, nothing is written before the person has read the
// numbers (issue 18 item 3): the upload checks every line, keeps the file
// and states how many candidatures will be proposed and which lines are
// refused; the confirmation posts back the file's number and that count,
// refused (409, new numbers) when the file now gives another, and refused
// when used twice (410).
func (s *Server) handlePropositions(w http.ResponseWriter, r *http.Request) error {
	d := propositionsData{Mission: strings.TrimSpace(r.PostFormValue("mission"))}
	page := func(status int) error {
		return render(w, r, status, propositionsPage(s.layout(r, "Proposer des candidats par fichier"), d))
	}
	fichier, lecture, err := s.lireFichierConfirme(r, "fichier")
	switch {
	case err != nil:
		return err
	case lecture == fichierRepris:
		d.Err = "Ces candidatures sont déjà proposées, ou leur confirmation a expiré : choisissez le fichier de nouveau."
		return page(http.StatusGone)
	case lecture == fichierIllisible:
		d.Err = "Fichier illisible ou trop volumineux : 10 Mo au plus."
		return page(http.StatusUnprocessableEntity)
	case lecture != fichierLu:
		d.Err = "Choisissez un fichier CSV ou XLSX de 10 Mo au plus."
		return page(http.StatusUnprocessableEntity)
	}
	d.Nom = fichier.Nom
	rap, err := importer.Lire(fichier.Nom, fichier.Data)
	d.Rapport = &rap
	if err != nil {
		d.Err = err.Error()
		return page(http.StatusUnprocessableEntity)
	}
	attendu, ok := confirme(r)
	if fichier.Reprise && ok {
		d.Resultat, err = workflow.ProposerFichier(r.Context(), s.store, s.actor(r), s.cfg.BaseURL, rap, d.Mission, attendu)
	} else {
		d.Resultat, err = workflow.VerifierPropositions(r.Context(), s.store, s.actor(r), s.cfg.BaseURL, rap, d.Mission)
	}
	stale, _ := decompteChange(err)
	if msg, ok := userMessage(err); ok && stale == "" {
		d.Err = msg
		return page(http.StatusUnprocessableEntity)
	} else if err != nil && stale == "" {
		return err
	}
	if d.Resultat.Ecrit {
		msg := "Chaque candidat en est informé par courriel ; la mission école-entreprise va les instruire."
		if n := len(d.Resultat.Erreurs); n > 0 {
			msg = fmt.Sprintf("%d ligne(s) du fichier refusée(s), comme annoncé, n'ont rien proposé. ", n) + msg
		}
		setFlash(w, ui.KindSuccess, fmt.Sprintf("%d candidature(s) proposée(s)", d.Resultat.Proposes), msg)
		http.Redirect(w, r, "/conseillers?etat=proposee", http.StatusSeeOther)
		return nil
	}
	if d.Resultat.Proposes == 0 {
		return page(http.StatusUnprocessableEntity)
	}
	if d.Televersement, err = s.garderFichier(r, fichier, currentUser(r).P.H.Academie); err != nil {
		return err
	}
	n := d.Resultat.Proposes
	d.Confirmation = &confirmation{ID: "propositions-confirmation", Titre: "Vérifiez avant de proposer", Compte: n, Err: stale, Annuler: "/reseau/propositions",
		Bouton: fmt.Sprintf("Proposer %d candidature(s)", n),
		Lignes: []string{fmt.Sprintf("%d candidature(s) seront proposées au recteur pour votre organisation, chaque candidat en étant informé par courriel ; %d ligne(s) refusée(s) ne proposeront personne.", n, len(d.Resultat.Erreurs))}}
	if len(d.Resultat.Erreurs) > 0 {
		d.Confirmation.Lignes = append(d.Confirmation.Lignes, "Les lignes refusées sont listées ci-dessous avec leur motif : corrigez-les dans un autre fichier si vous voulez aussi proposer ces candidats.")
	}
	if stale != "" {
		return page(http.StatusConflict)
	}
	return page(http.StatusOK)
}

type referentsData struct {
	Organisation string
	Referents    []model.Compte
	MoiID        int64
	V            url.Values
	Errs         map[string]string
}

// referents lists the référents of the person's organisation.
func (s *Server) referents(r *http.Request, d *referentsData) error {
	u := currentUser(r)
	orgID, _ := policy.OrganisationDe(u.P)
	o, err := s.store.GetOrganisation(r.Context(), orgID)
	if err != nil {
		return err
	}
	d.Organisation, d.MoiID = o.Nom, u.Compte.ID
	d.Referents, _, err = s.store.ListComptes(r.Context(), store.CompteFilter{Scope: model.Scope{Academie: u.P.H.Academie}, Role: model.RoleOrganisation,
		Ref: strconv.FormatInt(orgID, 10), Limit: 200})
	return err
}

// handleReferents shows an organisation's référents, with the form to
// invite one.
func (s *Server) handleReferents(w http.ResponseWriter, r *http.Request) error {
	d := referentsData{V: url.Values{}, Errs: map[string]string{}}
	if err := s.referents(r, &d); err != nil {
		return err
	}
	return render(w, r, http.StatusOK, referentsPage(s.layout(r, "Nos référents"), d))
}

// handleReferentInvite invites a référent of the person's own organisation.
func (s *Server) handleReferentInvite(w http.ResponseWriter, r *http.Request) error {
	u := currentUser(r)
	r.ParseForm()
	d := referentsData{V: r.PostForm, Errs: map[string]string{}}
	nom := strings.TrimSpace(r.PostFormValue("nom"))
	email, err := model.NormalizeEmail(r.PostFormValue("email"))
	if err != nil {
		d.Errs["email"] = err.Error()
	}
	model.VerifierLongueurs(d.Errs, model.Longueur{Cle: "nom", Libelle: "Le nom", Valeur: nom, Max: model.LongueurNom})
	h := model.Habilitation{Role: model.RoleOrganisation, Academie: u.P.H.Academie, Ref: u.P.H.Ref}
	if len(d.Errs) == 0 && !policy.CanGrant(u.P, h) {
		return withStatus(http.StatusForbidden, fmt.Errorf("rôle hors de votre périmètre"))
	}
	if len(d.Errs) == 0 {
		_, err = workflow.InviterCompte(r.Context(), s.store, s.actor(r), s.cfg.BaseURL, email, nom, h, invitationTTL)
		if msg, ok := userMessage(err); ok {
			d.Errs["email"] = msg
		} else if err != nil {
			return err
		}
	}
	if len(d.Errs) > 0 {
		if err := s.referents(r, &d); err != nil {
			return err
		}
		return render(w, r, http.StatusUnprocessableEntity, referentsPage(s.layout(r, "Nos référents"), d))
	}
	setFlash(w, ui.KindSuccess, "Invitation envoyée", email+" reçoit un lien pour accéder à l'application comme référent de l'organisation.")
	http.Redirect(w, r, "/reseau/referents", http.StatusSeeOther)
	return nil
}

// handleReferentRemove takes the role of référent of the person's
// organisation from another account.
func (s *Server) handleReferentRemove(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := workflow.RetirerReferent(r.Context(), s.store, s.actor(r), id); err != nil {
		msg, ok := userMessage(err)
		if !ok {
			return err
		}
		if errors.Is(err, store.ErrNotFound) {
			return err
		}
		setFlash(w, ui.KindError, "Rôle non retiré", msg)
	} else {
		setFlash(w, ui.KindSuccess, "Référent retiré", "La personne n'a plus accès aux pages de l'organisation.")
	}
	http.Redirect(w, r, "/reseau/referents", http.StatusSeeOther)
	return nil
}

func referentsTable(d referentsData) ui.TableParams {
	t := ui.TableParams{Caption: "Référents de " + d.Organisation, Bordered: true, Headers: []string{"Nom", "Courriel", "État", "Action"},
		Empty: "Aucun référent."}
	for _, c := range d.Referents {
		action := ui.TableCell{Text: "vous"}
		if c.ID != d.MoiID {
			action = ui.TableCell{Content: retirerReferentButton(c)}
		}
		t.Rows = append(t.Rows, []ui.TableCell{{Text: c.Nom}, {Text: c.Email}, {Text: c.Statut.Label()}, action})
	}
	return t
}

// importColumnsTable shows how the columns of a proposals file were
// understood (the register import has its own mapping step instead).
func importColumnsTable(rap *importer.Rapport) ui.TableParams {
	t := ui.TableParams{Caption: "Colonnes reconnues", Bordered: true, Headers: []string{"Champ", "Colonne du fichier"}}
	for _, k := range []string{"Civilite", "Nom", "Prenom", "Email", "Telephone", "Entreprise", "SIRET", "Statut", "CodeNAF", "Secteur",
		"Organisation", "Commune", "CodePostal", "Departement", "DebutMandat", "FinMandat", "Specialites"} {
		if v, ok := rap.Colonnes[k]; ok {
			t.Rows = append(t.Rows, []ui.TableCell{{Text: k}, {Text: v}})
		}
	}
	return t
}
