package web

import (
	"bytes"
	"errors"
	"fmt"
	"io"
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

const conventionMaxPDF = 10 << 20

type conventionData struct {
	Items         []model.Convention
	Organisations []model.Organisation
	// SansConvention: organisations with CEE in mandate and no convention
	// in force today.
	SansConvention []store.OrganisationSansConvention
	V              url.Values
	Errs           map[string]string
	Admin          bool
}

func (s *Server) conventionPage(w http.ResponseWriter, r *http.Request, status int, v url.Values, errs map[string]string) error {
	u := currentUser(r)
	items, err := s.store.ListConventions(r.Context(), u.P.H.Academie)
	if err != nil {
		return err
	}
	orgs, err := s.store.ListOrganisations(r.Context(), u.P.H.Academie)
	if err != nil {
		return err
	}
	sans, err := s.store.OrganisationsSansConvention(r.Context(), u.P.H.Academie, time.Now())
	if err != nil {
		return err
	}
	d := conventionData{Items: items, Organisations: orgs, SansConvention: sans, V: v, Errs: errs, Admin: policy.ChoisitAcademie(u.P)}
	return render(w, r, status, conventionsPage(s.layout(r, "Conventions"), d))
}

// handleConventions lists the conventions of the académie (D.331-66) and
// the organisations whose CEE serve without one.
func (s *Server) handleConventions(w http.ResponseWriter, r *http.Request) error {
	return s.conventionPage(w, r, http.StatusOK, url.Values{}, map[string]string{})
}

// entier reads an optional whole number of a form: 0 when empty.
func entier(v url.Values, name string, errs map[string]string, msg string) int {
	s := strings.TrimSpace(v.Get(name))
	if s == "" {
		return 0
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		errs[name] = msg
	}
	return n
}

func (s *Server) handleConventionCreate(w http.ResponseWriter, r *http.Request) error {
	u := currentUser(r)
	r.ParseForm()
	v := r.PostForm
	errs := map[string]string{}
	c := model.Convention{Academie: u.P.H.Academie, Objectifs: strings.TrimSpace(v.Get("objectifs")), DureeMois: model.DureeConventionMois,
		Reference: strings.TrimSpace(v.Get("reference")), ObjectifSecteurs: strings.TrimSpace(v.Get("objectif_secteurs"))}
	if c.Academie == "" {
		c.Academie = v.Get("academie")
	}
	if _, ok := refdata.AcademieByCode(c.Academie); !ok {
		errs["academie"] = "Choisissez une académie."
	} else if p, err := s.store.GetParametres(r.Context(), c.Academie); err != nil {
		return err
	} else {
		c.DureeMois = p.DureeConventionMois
	}
	var err error
	if c.OrganisationID, err = strconv.ParseInt(v.Get("organisation"), 10, 64); err != nil {
		errs["organisation"] = "Choisissez l'organisation signataire."
	} else if o, err := s.store.GetOrganisation(r.Context(), c.OrganisationID); err != nil || !contains(o.Academies, c.Academie) {
		errs["organisation"] = "Cette organisation n'est pas active dans l'académie."
	} else {
		c.Organisation = o.Nom
	}
	if c.Debut, err = time.Parse("2006-01-02", v.Get("debut")); err != nil {
		errs["debut"] = "Date de début invalide : choisissez une date (JJ/MM/AAAA)."
	}
	if d := strings.TrimSpace(v.Get("duree")); d != "" {
		if c.DureeMois, err = strconv.Atoi(d); err != nil {
			errs["duree"] = "Durée en mois, de 1 à 120 (36 par défaut, D.331-66)."
		}
	}
	c.ObjectifCEE = entier(v, "objectif_cee", errs, "Le nombre de CEE visé est un nombre entier.")
	c.PartEmployeurs = entier(v, "part_employeurs", errs, "La part d'employeurs est un pourcentage entier, de 0 à 100.")
	for k, msg := range c.Errors() {
		if errs[k] == "" {
			errs[k] = msg
		}
	}
	if len(errs) > 0 {
		return s.conventionPage(w, r, http.StatusUnprocessableEntity, v, errs)
	}
	err = workflow.CreerConvention(r.Context(), s.store, s.actor(r), c)
	if ue, ok := model.ErreurUtilisateur(err); ok && ue != model.ErrConflit {
		// Overlapping another convention of the organisation.
		return s.conventionPage(w, r, http.StatusUnprocessableEntity, v, map[string]string{"debut": ue.Message})
	}
	if err != nil {
		return err
	}
	setFlash(w, ui.KindSuccess, "Convention enregistrée", "Téléchargez le projet, faites-le signer, puis déposez le PDF signé.")
	http.Redirect(w, r, "/conventions", http.StatusSeeOther)
	return nil
}

// handleConventionSign stores the signed convention: a PDF of 10 Mo at most,
// checked by its content, not its name, with the date of signature.
func (s *Server) handleConventionSign(w http.ResponseWriter, r *http.Request) error {
	u := currentUser(r)
	id, err := pathID(r)
	if err != nil {
		return err
	}
	c, err := s.store.GetConvention(r.Context(), id, u.P.H.Academie)
	if err != nil {
		return err
	}
	bad := func(msg string) error {
		return s.conventionPage(w, r, http.StatusUnprocessableEntity, url.Values{}, map[string]string{"fichier-" + itoa64(id): msg})
	}
	signee, err := time.Parse("2006-01-02", r.FormValue("signee_le"))
	if err != nil {
		return bad("Indiquez la date de signature de la convention (JJ/MM/AAAA).")
	}
	if signee.After(time.Now()) {
		return bad("La date de signature ne peut pas être dans le futur.")
	}
	file, head, err := r.FormFile("fichier")
	if err != nil {
		return bad("Choisissez le PDF de la convention signée (10 Mo au plus).")
	}
	defer file.Close()
	data, err := io.ReadAll(io.LimitReader(file, conventionMaxPDF+1))
	if err != nil || len(data) > conventionMaxPDF {
		return bad("Fichier trop volumineux : 10 Mo au plus.")
	}
	if !bytes.HasPrefix(data, []byte("%PDF-")) {
		return bad("Ce fichier n'est pas un PDF : enregistrez la convention signée au format PDF.")
	}
	nom := model.NomFichier(head.Filename, "application/pdf")
	err = workflow.SignerConvention(r.Context(), s.store, s.actor(r), c, signee, nom, data)
	if errors.Is(err, store.ErrConflict) {
		return bad("Convention expirée : créez-en une nouvelle.")
	}
	if err != nil {
		return err
	}
	setFlash(w, ui.KindSuccess, "Convention signée", c.Organisation+", jusqu'au "+model.Date(c.Fin()))
	http.Redirect(w, r, "/conventions", http.StatusSeeOther)
	return nil
}

func (s *Server) handleConventionFile(w http.ResponseWriter, r *http.Request) error {
	u := currentUser(r)
	id, err := pathID(r)
	if err != nil {
		return err
	}
	nom, data, err := s.store.ConventionFile(r.Context(), id, u.P.H.Academie)
	if err != nil {
		return err
	}
	return sendPDF(w, model.NomFichier(nom, "application/pdf"), data)
}

// handleConventionProjet drafts the convention as a PDF, from the
// académie's identity and the objectives recorded, to print and sign.
func (s *Server) handleConventionProjet(w http.ResponseWriter, r *http.Request) error {
	u := currentUser(r)
	id, err := pathID(r)
	if err != nil {
		return err
	}
	c, err := s.store.GetConvention(r.Context(), id, u.P.H.Academie)
	if err != nil {
		return err
	}
	part := c.PartEmployeurs
	if part == 0 {
		part = -1 // not set: the draft says nothing of it
	}
	var buf bytes.Buffer
	if err := pdf.ConventionProjet(&buf, pdfAcademie(c.Academie), pdf.Convention{Organisation: c.Organisation, Reference: c.Reference, Debut: c.Debut,
		Fin: c.Fin(), DureeMois: c.DureeMois, ObjectifCEE: c.ObjectifCEE, Secteurs: c.ObjectifSecteurs, PartEmployeurs: part,
		Objectifs: c.Objectifs, Date: model.JourDe(time.Now())}); err != nil {
		return err
	}
	return sendPDF(w, "projet-convention-"+model.Fold(c.Organisation)+".pdf", buf.Bytes())
}

// suiviConvention is a convention with what its organisation's CEE did,
// one line per school year of the convention begun so far.
type suiviConvention struct {
	C     model.Convention
	Suivi []model.Realisation
}

// suivi counts each school year of c up to today.
func (s *Server) suivi(r *http.Request, c model.Convention) (suiviConvention, error) {
	out := suiviConvention{C: c}
	first := c.Debut.Year()
	if c.Debut.Month() < time.September {
		first--
	}
	now := time.Now()
	for y := first; ; y++ {
		start := time.Date(y, time.September, 1, 0, 0, 0, 0, time.UTC)
		if start.After(c.Fin()) || start.After(now) {
			break
		}
		real, err := s.store.Realisation(r.Context(), c.Academie, c.OrganisationID, y)
		if err != nil {
			return out, err
		}
		real.ObjectifCEE = c.ObjectifCEE
		out.Suivi = append(out.Suivi, real)
	}
	return out, nil
}

// handleConventionShow shows one convention with its objectives against
// what the organisation's CEE did, per school year.
func (s *Server) handleConventionShow(w http.ResponseWriter, r *http.Request) error {
	u := currentUser(r)
	id, err := pathID(r)
	if err != nil {
		return err
	}
	c, err := s.store.GetConvention(r.Context(), id, u.P.H.Academie)
	if err != nil {
		return err
	}
	d, err := s.suivi(r, c)
	if err != nil {
		return err
	}
	return render(w, r, http.StatusOK, conventionShowPage(s.layout(r, "Convention avec "+c.Organisation), d))
}

// handleMesConventions shows an organisation's référent the conventions of
// their organisation in the académie and the figures of their CEE against
// the objectives.
// A tête de réseau reads those of its members in every académie.
func (s *Server) handleMesConventions(w http.ResponseWriter, r *http.Request) error {
	u := currentUser(r)
	var list []model.Convention
	var err error
	tete, reseau := policy.TeteReseauDe(u.P)
	if org, ok := policy.OrganisationDe(u.P); ok {
		list, err = s.store.ConventionsOfOrganisation(r.Context(), u.P.H.Academie, org)
	} else if reseau {
		list, err = s.store.ConventionsOfReseau(r.Context(), tete)
	} else {
		return withStatus(http.StatusForbidden, errors.New("page des référents d'une organisation ou d'une tête de réseau"))
	}
	if err != nil {
		return err
	}
	var out []suiviConvention
	for _, c := range list {
		d, err := s.suivi(r, c)
		if err != nil {
			return err
		}
		out = append(out, d)
	}
	if reseau {
		return render(w, r, http.StatusOK, mesConventionsPage(s.layout(r, "Conventions de notre réseau"), out, true))
	}
	return render(w, r, http.StatusOK, mesConventionsPage(s.layout(r, "Conventions de mon organisation"), out, false))
}

func contains(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

func conventionTable(items []model.Convention) ui.TableParams {
	t := ui.TableParams{Caption: "Conventions", CaptionHidden: true, Bordered: true,
		Headers: []string{"Organisation", "Référence", "Début", "Fin", "État", "Projet", "Convention signée"}, Empty: "Aucune convention."}
	for _, c := range items {
		var doc ui.TableCell
		if c.FichierNom != "" {
			doc = ui.TableCell{Text: c.FichierNom, Href: fmt.Sprintf("/conventions/%d/convention.pdf", c.ID)}
		} else if c.Etat == model.ConventionBrouillon {
			doc = ui.TableCell{Content: conventionUpload(c.ID)}
		}
		t.Rows = append(t.Rows, []ui.TableCell{{Text: c.Organisation, Href: fmt.Sprintf("/conventions/%d", c.ID), Multiline: true}, {Text: c.Reference},
			{Text: model.Date(c.Debut)}, {Text: model.Date(c.Fin())}, {Content: conventionBadge(c.Etat)},
			{Text: "Projet (PDF)", Href: fmt.Sprintf("/conventions/%d/projet.pdf", c.ID)}, doc})
	}
	return t
}

func sansConventionTable(list []store.OrganisationSansConvention) ui.TableParams {
	t := ui.TableParams{Caption: "Organisations ayant des conseillers en mandat sans convention en vigueur", Bordered: true,
		Headers: []string{"Organisation", "Académie", "Conseillers en mandat"}, Empty: "Toutes les organisations qui ont des conseillers en mandat ont une convention en vigueur."}
	for _, o := range list {
		t.Rows = append(t.Rows, []ui.TableCell{{Text: o.Nom, Href: fmt.Sprintf("/conseillers?organisation=%d", o.ID)}, {Text: refdata.LibelleAcademie(o.Academie)},
			{Text: strconv.Itoa(o.CEE), Numeric: true}})
	}
	return t
}

// suiviTable is the follow-up of a convention: objectives against what
// was done, per school year.
func suiviTable(d suiviConvention) ui.TableParams {
	t := ui.TableParams{Caption: "Objectifs et réalisations par année scolaire", Bordered: true,
		Headers: []string{"Année scolaire", "CEE en mandat", "Objectif CEE", "Part d'employeurs", "Objectif employeurs", "Secteurs (NAF)", "Actions", "Jurys", "Événements"},
		Empty:   "La convention n'a pas encore commencé."}
	objectif := func(n int, suffix string) string {
		if n <= 0 {
			return "—"
		}
		return strconv.Itoa(n) + suffix
	}
	for _, r := range d.Suivi {
		t.Rows = append(t.Rows, []ui.TableCell{{Text: r.Annee}, {Text: strconv.Itoa(r.CEE), Numeric: true}, {Text: objectif(d.C.ObjectifCEE, ""), Numeric: true},
			{Text: strconv.Itoa(r.PartEmployeurs()) + " %", Numeric: true}, {Text: objectif(d.C.PartEmployeurs, " %"), Numeric: true},
			{Text: strconv.Itoa(r.Secteurs), Numeric: true}, {Text: strconv.Itoa(r.Actions), Numeric: true}, {Text: strconv.Itoa(r.Jurys), Numeric: true},
			{Text: strconv.Itoa(r.Evenements), Numeric: true}})
	}
	return t
}

func conventionKind(e model.EtatConvention) string {
	switch e {
	case model.ConventionSignee:
		return ui.KindSuccess
	case model.ConventionExpiree:
		return ui.KindError
	}
	return ui.KindInfo
}
