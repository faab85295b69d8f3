package web

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"cee/internal/auth"
	"cee/internal/export"
	"cee/internal/importer"
	"cee/internal/model"
	"cee/internal/policy"
	"cee/internal/refdata"
	"cee/internal/store"
	"cee/internal/web/ui"
	"cee/internal/workflow"
)

const invitationTTL = 7 * 24 * time.Hour

// invitationsMaxCSV is the largest request of a bulk invitation, its CSV
// file included.
const invitationsMaxCSV = 2 << 20

type compteListData struct {
	Items       []model.Compte
	Total, Page int
	Pages       int
	Query       url.Values
	CanInvite   bool
	CanExport   bool
	EnAttente   []store.HabilitationEnAttente // roles offered to accounts of other académies, not yet accepted
}

func (s *Server) compteFilter(r *http.Request) (store.CompteFilter, error) {
	u := currentUser(r)
	q := r.URL.Query()
	f := store.CompteFilter{Scope: policy.ScopeOf(u.P), Q: strings.TrimSpace(q.Get("q")), Limit: pageSize}
	if v := q.Get("role"); v != "" {
		role, err := model.ParseRole(v)
		if err != nil {
			return f, withStatus(http.StatusBadRequest, err)
		}
		f.Role = role
	}
	return f, nil
}

func (s *Server) handleCompteList(w http.ResponseWriter, r *http.Request) error {
	u := currentUser(r)
	f, err := s.compteFilter(r)
	if err != nil {
		return err
	}
	page, err := pageParam(r)
	if err != nil {
		return err
	}
	f.Offset = (page - 1) * pageSize
	items, total, err := s.store.ListComptes(r.Context(), f)
	if err != nil {
		return err
	}
	d := compteListData{Items: items, Total: total, Page: page, Pages: max(1, (total+pageSize-1)/pageSize), Query: r.URL.Query(),
		CanInvite: policy.Can(u.P, model.ActionGerer, model.Resource{Kind: model.ResComptes}),
		CanExport: policy.Can(u.P, model.ActionExporter, model.Resource{Kind: model.ResComptes})}
	if d.CanInvite && f.Scope.Academie != "" {
		if d.EnAttente, err = s.store.ListHabilitationsEnAttente(r.Context(), f.Scope.Academie, time.Now()); err != nil {
			return err
		}
	}
	return render(w, r, http.StatusOK, compteListPage(s.layout(r, "Comptes"), d))
}

// handleCompteExport sends the accounts of the scope as a spreadsheet; the
// export is written in the journal (it carries contact details).
func (s *Server) handleCompteExport(w http.ResponseWriter, r *http.Request) error {
	f, err := s.compteFilter(r)
	if err != nil {
		return err
	}
	f.Limit = 100000
	items, err := workflow.ExporterComptes(r.Context(), s.store, s.actor(r), f)
	if err != nil {
		return err
	}
	rows := make([][]string, 0, len(items))
	for _, c := range items {
		var roles []string
		for _, h := range c.Habilitations {
			roles = append(roles, habilitationLabel(h))
		}
		last := ""
		if c.DerniereConnexion != nil {
			last = c.DerniereConnexion.In(model.Paris).Format("02/01/2006 15:04")
		}
		rows = append(rows, []string{c.Nom, c.Email, c.Statut.Label(), strings.Join(roles, " | "), last})
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="comptes-`+time.Now().Format("2006-01-02")+`.csv"`)
	return export.CSV(w, []string{"Nom", "Adresse électronique", "Statut", "Rôles", "Dernière connexion"}, rows)
}

func (s *Server) compteInScope(r *http.Request) (model.Compte, error) {
	id, err := pathID(r)
	if err != nil {
		return model.Compte{}, err
	}
	return s.store.GetCompteInScope(r.Context(), id, policy.ScopeOf(currentUser(r).P))
}

// handleCompteShow shows an account, contact details included: each
// display is written in the journal.
func (s *Server) handleCompteShow(w http.ResponseWriter, r *http.Request) error {
	u := currentUser(r)
	c, err := s.compteInScope(r)
	if err != nil {
		return err
	}
	if err := workflow.ConsulterCompte(r.Context(), s.store, s.actor(r), c, academieOf(c, u.P)); err != nil {
		return err
	}
	canManage := policy.Can(u.P, model.ActionGerer, model.Resource{Kind: model.ResComptes}) && c.ID != u.Compte.ID
	return render(w, r, http.StatusOK, compteShowPage(s.layout(r, c.Email), c, canManage))
}

// academieOf is the académie a journal line about account c belongs to:
// the actor's, or the account's first role's for a national actor.
func academieOf(c model.Compte, p model.Principal) string {
	if p.H.Academie != "" {
		return p.H.Academie
	}
	for _, h := range c.Habilitations {
		if h.Academie != "" {
			return h.Academie
		}
	}
	return ""
}

func (s *Server) handleCompteStatut(w http.ResponseWriter, r *http.Request) error {
	u := currentUser(r)
	c, err := s.compteInScope(r)
	if err != nil {
		return err
	}
	if c.ID == u.Compte.ID {
		return withStatus(http.StatusBadRequest, errors.New("vous ne pouvez pas changer l'état de votre propre compte"))
	}
	st := model.StatutCompte(r.PostFormValue("statut"))
	if st != model.CompteSuspendu && st != model.CompteActif {
		return withStatus(http.StatusBadRequest, fmt.Errorf("état %q inconnu", st))
	}
	err = workflow.ChangerStatutCompte(r.Context(), s.store, s.actor(r), c, st, academieOf(c, u.P))
	if err != nil {
		return err
	}
	setFlash(w, ui.KindSuccess, "Compte "+strings.ToLower(st.Label()), c.Email)
	http.Redirect(w, r, "/comptes/"+itoa64(c.ID), http.StatusSeeOther)
	return nil
}

type invitationForm struct {
	Email, Nom, Role, Academie, Ref string
	Errs                            map[string]string
	Roles                           []model.Role
	Academies                       []refdata.Academie
	FixedAcademie                   string // a pilote invites in their own académie only
	Report                          []bulkLine
	// The bulk invitation's confirmation step and the file it keeps.
	Confirmation  *confirmation
	Televersement int64
}

func (s *Server) newInvitationForm(u *user) invitationForm {
	f := invitationForm{Errs: map[string]string{}, Roles: policy.InvitableRoles(u.P), Academies: refdata.Academies()}
	if !policy.ChoisitAcademie(u.P) {
		f.FixedAcademie = u.P.H.Academie
		f.Academie = u.P.H.Academie
	}
	return f
}

func (s *Server) handleInvitationForm(w http.ResponseWriter, r *http.Request) error {
	return render(w, r, http.StatusOK, invitationPage(s.layout(r, "Inviter"), s.newInvitationForm(currentUser(r))))
}

// parseInvitation checks one invitation (from the form or a line of the
// file) and returns the normalised address and the role to grant, or the
// errors by field.
//
// ref may be a label the field's suggestions wrote or a name one record
// alone holds (workflow.ReferenceSaisie), as well as a code.
func (s *Server) parseInvitation(ctx context.Context, u *user, email, nom, role, academie, ref string) (string, model.Habilitation, map[string]string) {
	errs := map[string]string{}
	model.VerifierLongueurs(errs, model.Longueur{Cle: "nom", Libelle: "Le nom", Valeur: nom, Max: model.LongueurNom})
	e, err := model.NormalizeEmail(email)
	if err != nil {
		errs["email"] = err.Error()
	}
	h := model.Habilitation{Academie: strings.TrimSpace(academie), Ref: strings.TrimSpace(ref)}
	r, err := model.ParseRole(strings.TrimSpace(role))
	if err != nil {
		errs["role"] = "Choisissez un rôle dans la liste."
		return e, h, errs
	}
	h.Role = r
	if code, msg := workflow.ReferenceSaisie(ctx, s.store, r, h.Academie, h.Ref); msg != "" {
		errs["ref"] = msg
		return e, h, errs
	} else if code != "" {
		h.Ref = code
	}
	switch r.Scope() {
	case model.ScopeNational:
		h.Academie, h.Ref = "", ""
	case model.ScopeAcademie:
		h.Ref = ""
	case model.ScopeUAI:
		uai, ok := refdata.NormalizeUAI(h.Ref)
		if !ok {
			errs["ref"] = "UAI invalide : 7 chiffres et une lettre de contrôle, par exemple 0310036W."
		} else {
			h.Ref = uai
			if dep, ok := refdata.DepartementOfUAI(uai); ok {
				if d, ok := refdata.DepartementByCode(dep); ok {
					h.Academie = d.Academie
				}
			}
		}
	case model.ScopeRef:
		if h.Ref == "" {
			errs["ref"] = "Indiquez l'identifiant de la fiche (organisation, conseiller, professionnel ou partenaire)."
		}
	case model.ScopeDepartement:
		// The département gives its académie when none is chosen (an
		// admin's form); VerifierHabilitation checks they agree.
		d, ok := refdata.DepartementByCode(h.Ref)
		if !ok {
			errs["ref"] = "Indiquez le code du département, par exemple 31 ou 2A."
		} else {
			h.Ref = d.Code
			if h.Academie == "" {
				h.Academie = d.Academie
			}
		}
	case model.ScopeRegion:
		// The région académique is the académie's (VerifierHabilitation).
		if a, ok := refdata.AcademieByCode(h.Academie); ok {
			h.Ref = a.RegionAcademique
		}
	}
	if r.Scope() != model.ScopeNational {
		if _, ok := refdata.AcademieByCode(h.Academie); !ok {
			errs["academie"] = "Choisissez une académie."
		}
	}
	if len(errs) == 0 && !policy.CanGrant(u.P, h) {
		errs["role"] = "Vous ne pouvez pas donner ce rôle dans ce périmètre."
	}
	return e, h, errs
}

func (s *Server) handleInvitationCreate(w http.ResponseWriter, r *http.Request) error {
	u := currentUser(r)
	f := s.newInvitationForm(u)
	f.Email, f.Nom, f.Role, f.Ref = r.PostFormValue("email"), r.PostFormValue("nom"), r.PostFormValue("role"), r.PostFormValue("ref")
	if f.FixedAcademie == "" {
		f.Academie = r.PostFormValue("academie")
	}
	email, h, errs := s.parseInvitation(r.Context(), u, f.Email, f.Nom, f.Role, f.Academie, f.Ref)
	if len(errs) > 0 {
		f.Errs = errs
		return render(w, r, http.StatusUnprocessableEntity, invitationPage(s.layout(r, "Inviter"), f))
	}
	enAttente, err := workflow.InviterCompte(r.Context(), s.store, s.actor(r), s.cfg.BaseURL, email, f.Nom, h, invitationTTL)
	var refus workflow.ErreurHabilitation
	if errors.As(err, &refus) {
		f.Errs["ref"] = refus.Message
		return render(w, r, http.StatusUnprocessableEntity, invitationPage(s.layout(r, "Inviter"), f))
	}
	if err != nil {
		return err
	}
	if enAttente {
		setFlash(w, ui.KindInfo, "Rôle proposé, en attente d'acceptation",
			email+" a déjà un compte dans une autre académie : le rôle lui sera donné quand la personne l'aura accepté avec le lien reçu (valable 7 jours).")
	} else {
		setFlash(w, ui.KindSuccess, "Invitation envoyée", email+" a reçu un lien valable 7 jours.")
	}
	http.Redirect(w, r, "/comptes", http.StatusSeeOther)
	return nil
}

// bulkLine is one line of the report of a bulk invitation.
type bulkLine struct {
	Line  int
	Email string
	OK    bool // the line is valid
	Msg   string
	// Envoyee: the invitation left (OK alone: it will, once confirmed).
	Envoyee bool
}

// invitationFichier is one valid line of a bulk invitation, ready to send.
type invitationFichier struct {
	Line  int
	Email string
	Nom   string
	H     model.Habilitation
}

// handleInvitationBulk invites every line of a CSV file
// (email;nom;role;academie;ref). Each line stands alone: a bad line is
// reported and the others go through. Nothing leaves before the person has
// read how many invitations will (issue 18 item 3): the file is kept
// (store.Televersement), the page states the numbers, and the
// confirmation posts back the file's number and the count, refused when
// the count changed meanwhile.
func (s *Server) handleInvitationBulk(w http.ResponseWriter, r *http.Request) error {
	u := currentUser(r)
	f := s.newInvitationForm(u)
	page := func(status int) error { return render(w, r, status, invitationPage(s.layout(r, "Inviter"), f)) }
	fichier, lecture, err := s.lireFichierConfirme(r, "fichier")
	switch {
	case err != nil:
		return err
	case lecture == fichierRepris:
		f.Errs["fichier"] = "Ces invitations sont déjà parties, ou leur confirmation a expiré : choisissez le fichier de nouveau."
		return page(http.StatusGone)
	case lecture == fichierIllisible:
		f.Errs["fichier"] = "Fichier illisible : réessayez."
		return page(http.StatusUnprocessableEntity)
	case lecture != fichierLu:
		f.Errs["fichier"] = "Choisissez un fichier CSV de 2 Mo au plus."
		return page(http.StatusUnprocessableEntity)
	}
	reprise := fichier.Reprise
	records, err := readCSV(bytes.NewReader(fichier.Data))
	if err != nil {
		f.Errs["fichier"] = err.Error()
		return page(http.StatusUnprocessableEntity)
	}
	valides, err := s.lignesInvitation(r, u, &f, records)
	if err != nil {
		return err
	}
	attendu, ok := confirme(r)
	stale := ""
	if reprise && ok {
		if err := workflow.Decompte("invitations", attendu, len(valides)); err != nil {
			stale, _ = decompteChange(err)
		}
	}
	if !reprise || !ok || stale != "" {
		if len(valides) == 0 {
			return page(http.StatusUnprocessableEntity)
		}
		if f.Televersement, err = s.garderFichier(r, fichier, f.FixedAcademie); err != nil {
			return err
		}
		refusees := len(f.Report) - len(valides)
		f.Confirmation = &confirmation{ID: "invitations-fichier-confirmation", Titre: "Vérifiez avant d'envoyer", Compte: len(valides), Err: stale, Annuler: "/comptes/inviter",
			Bouton: fmt.Sprintf("Envoyer %d invitation(s)", len(valides)),
			Lignes: []string{fmt.Sprintf("%d invitation(s) partiront, une par ligne valide, chacune avec un lien valable 7 jours ; %d ligne(s) refusée(s) ne recevront rien.", len(valides), refusees),
				"Le compte rendu ci-dessous dit, ligne par ligne, le rôle donné ou pourquoi la ligne est refusée."}}
		if stale != "" {
			return page(http.StatusConflict)
		}
		return page(http.StatusOK)
	}
	// The lines refused stay in the report; the valid ones are sent.
	report := f.Report
	f.Report = nil
	envoi := map[int]invitationFichier{}
	for _, v := range valides {
		envoi[v.Line] = v
	}
	for _, line := range report {
		v, ok := envoi[line.Line]
		if !ok {
			f.Report = append(f.Report, line)
			continue
		}
		enAttente, err := workflow.InviterCompte(r.Context(), s.store, s.actor(r), s.cfg.BaseURL, v.Email, v.Nom, v.H, invitationTTL)
		var refus workflow.ErreurHabilitation
		switch {
		case errors.As(err, &refus):
			line.OK, line.Msg = false, refus.Message
		case err != nil:
			return err
		case enAttente:
			line.Msg = "rôle proposé, en attente d'acceptation (compte d'une autre académie) : " + habilitationLabel(v.H)
		default:
			line.Msg = "invitation envoyée : " + habilitationLabel(v.H)
		}
		line.Envoyee = line.OK
		f.Report = append(f.Report, line)
	}
	status := http.StatusOK
	for _, l := range f.Report {
		if !l.OK {
			status = http.StatusUnprocessableEntity
		}
	}
	return page(status)
}

// lignesInvitation checks every line of a bulk invitation without sending
// anything: f.Report says for each whether it will be invited, and why
// not; it returns the valid ones.
func (s *Server) lignesInvitation(r *http.Request, u *user, f *invitationForm, records [][]string) ([]invitationFichier, error) {
	var valides []invitationFichier
	for i, rec := range records {
		if i == 0 && strings.EqualFold(strings.TrimSpace(rec[0]), "email") {
			continue // header
		}
		line := bulkLine{Line: i + 1}
		for len(rec) < 5 {
			rec = append(rec, "")
		}
		line.Email = rec[0]
		academie := rec[3]
		if f.FixedAcademie != "" && strings.TrimSpace(academie) == "" {
			academie = f.FixedAcademie
		}
		email, h, errs := s.parseInvitation(r.Context(), u, rec[0], rec[1], rec[2], academie, rec[4])
		if len(errs) > 0 {
			line.Msg = joinErrs(errs)
		} else if h, err := workflow.VerifierHabilitation(r.Context(), s.store, h); err != nil {
			var refus workflow.ErreurHabilitation
			if !errors.As(err, &refus) {
				return nil, err
			}
			line.Msg = refus.Message
		} else {
			line.OK, line.Msg = true, "sera invité(e) : "+habilitationLabel(h)
			valides = append(valides, invitationFichier{Line: line.Line, Email: email, Nom: rec[1], H: h})
		}
		f.Report = append(f.Report, line)
	}
	return valides, nil
}

// readCSV reads a file from a spreadsheet: ";" or "," separated, with or
// without a byte-order mark.
func readCSV(rd io.Reader) ([][]string, error) {
	b, err := io.ReadAll(rd)
	if err != nil {
		return nil, errors.New("fichier illisible : réessayez")
	}
	// The decoder of every import: a file saved by Excel in Windows-1252 or
	// UTF-16 reads as well as one in UTF-8.
	text, _, ok := importer.DecoderTexte(b)
	if !ok {
		return nil, errors.New("ce fichier n'est pas un CSV : enregistrez votre tableau au format CSV (séparateur point-virgule)")
	}
	first, _, _ := strings.Cut(text, "\n")
	cr := csv.NewReader(strings.NewReader(text))
	cr.Comma = ';'
	if !strings.Contains(first, ";") && strings.Contains(first, ",") {
		cr.Comma = ','
	}
	cr.FieldsPerRecord = -1
	cr.TrimLeadingSpace = true
	recs, err := cr.ReadAll()
	if err != nil {
		return nil, fmt.Errorf("fichier CSV mal formé (%v) : colonnes attendues email;nom;role;academie;uai_ou_fiche", err)
	}
	if len(recs) == 0 {
		return nil, errors.New("fichier vide : une ligne par personne, colonnes email;nom;role;academie;uai_ou_fiche")
	}
	if len(recs) > 1001 {
		return nil, errors.New("fichier trop long : 1 000 lignes au plus par envoi")
	}
	return recs, nil
}

func joinErrs(errs map[string]string) string {
	var out []string
	for _, k := range []string{"email", "role", "academie", "ref"} {
		if e, ok := errs[k]; ok {
			out = append(out, e)
		}
	}
	return strings.Join(out, " ")
}

func (s *Server) handleInvitationShow(w http.ResponseWriter, r *http.Request) error {
	if err := s.store.PeekJeton(r.Context(), auth.HashToken(r.PathValue("jeton")), store.JetonInvitation, time.Now()); err != nil {
		return s.invalidLink(w, r, err)
	}
	return render(w, r, http.StatusOK, confirmLinkPage(s.layout(r, "Invitation"), "Accepter l'invitation",
		"Votre invitation est valide. Acceptez-la pour activer votre compte et vous connecter.", r.URL.Path))
}

func (s *Server) handleInvitationAccept(w http.ResponseWriter, r *http.Request) error {
	return s.loginWithToken(w, r, store.JetonInvitation)
}

func pageParam(r *http.Request) (int, error) {
	p := r.URL.Query().Get("page")
	if p == "" {
		return 1, nil
	}
	n, err := strconv.Atoi(p)
	if err != nil || n < 1 {
		return 0, withStatus(http.StatusBadRequest, fmt.Errorf("numéro de page %q invalide", p))
	}
	return n, nil
}

func roleSelect(c model.Compte, active int64) ui.SelectParams {
	p := ui.SelectParams{ID: "role-actif", Name: "habilitation", Label: "Rôle actif", Value: itoa64(active), Required: true}
	for _, h := range c.Habilitations {
		p.Options = append(p.Options, ui.Option{Value: itoa64(h.ID), Label: habilitationLabel(h)})
	}
	return p
}

func roleFilter(v string) ui.SelectParams {
	p := ui.SelectParams{ID: "filtre-role", Name: "role", Label: "Rôle", Placeholder: "Tous les rôles", Value: v}
	for _, r := range model.Roles() {
		p.Options = append(p.Options, ui.Option{Value: string(r), Label: r.Label()})
	}
	return p
}

func invitationRoleSelect(f invitationForm) ui.SelectParams {
	p := ui.SelectParams{ID: "inv-role", Name: "role", Label: "Rôle", Placeholder: "Choisir un rôle", Value: f.Role, Error: f.Errs["role"], Required: true}
	for _, r := range f.Roles {
		p.Options = append(p.Options, ui.Option{Value: string(r), Label: r.Label()})
	}
	return p
}

func invitationAcademieSelect(f invitationForm) ui.SelectParams {
	p := ui.SelectParams{ID: "inv-academie", Name: "academie", Label: "Académie", Hint: "Vide pour les rôles nationaux ; déduite de l'UAI pour un établissement.",
		Placeholder: "Choisir une académie", Value: f.Academie, Error: f.Errs["academie"]}
	for _, a := range f.Academies {
		p.Options = append(p.Options, ui.Option{Value: a.Code, Label: a.Nom})
	}
	return p
}

func statutKind(s model.StatutCompte) string {
	switch s {
	case model.CompteActif:
		return ui.KindSuccess
	case model.CompteSuspendu:
		return ui.KindError
	}
	return ui.KindInfo
}

// compteTable lists accounts; links to each account only for those who
// may open it.
func compteTable(items []model.Compte, links bool) ui.TableParams {
	t := ui.TableParams{Caption: "Comptes", CaptionHidden: true, Bordered: true,
		Headers: []string{"Nom", "Adresse électronique", "Rôles", "État"}, Empty: "Aucun compte."}
	for _, c := range items {
		var roles []string
		for _, h := range c.Habilitations {
			roles = append(roles, habilitationLabel(h))
		}
		name := ui.TableCell{Text: c.Nom}
		if links {
			name = ui.TableCell{Content: compteLink(c)}
			if c.Nom == "" {
				name = ui.TableCell{Text: "(sans nom)", Href: "/comptes/" + itoa64(c.ID)}
			}
		}
		t.Rows = append(t.Rows, []ui.TableCell{name, {Text: c.Email}, {Text: strings.Join(roles, " ; ")}, {Content: statutBadge(c.Statut)}})
	}
	return t
}

// enAttenteTable lists the roles offered and not yet accepted.
func enAttenteTable(items []store.HabilitationEnAttente) ui.TableParams {
	t := ui.TableParams{Caption: "Rôles proposés, en attente d'acceptation", CaptionHidden: true, Bordered: true,
		Headers: []string{"Adresse électronique", "Rôle proposé", "Proposé le", "Lien valable jusqu'au"}}
	for _, p := range items {
		t.Rows = append(t.Rows, []ui.TableCell{{Text: p.Email}, {Text: habilitationLabel(p.H)},
			{Text: p.CreatedAt.In(model.Paris).Format("02/01/2006")}, {Text: p.ExpiresAt.In(model.Paris).Format("02/01/2006 15:04")}})
	}
	return t
}

func bulkTable(lines []bulkLine) ui.TableParams {
	t := ui.TableParams{Caption: "Compte rendu ligne par ligne", Bordered: true, Headers: []string{"Ligne", "Adresse", "Résultat"}}
	for _, l := range lines {
		res := "Erreur : " + l.Msg
		switch {
		case l.Envoyee:
			res = "Envoyée — " + l.Msg
		case l.OK:
			res = "À envoyer — " + l.Msg
		}
		t.Rows = append(t.Rows, []ui.TableCell{{Text: strconv.Itoa(l.Line), Numeric: true}, {Text: l.Email}, {Text: res}})
	}
	return t
}

// pageHref keeps the filters of a list when moving between its pages.
func pageHref(path string, q url.Values, page int) string {
	v := url.Values{}
	for k, vals := range q {
		v[k] = vals
	}
	v.Set("page", strconv.Itoa(page))
	return path + "?" + v.Encode()
}

func demoLoginLabel(c model.Compte) string {
	label := c.Nom
	if len(c.Habilitations) > 0 {
		label += " — " + habilitationLabel(c.Habilitations[0])
		if n := len(c.Habilitations); n > 1 {
			label += fmt.Sprintf(" (+%d autre rôle)", n-1)
		}
	}
	return label
}
