package workflow

import (
	"context"
	"regexp"
	"strconv"
	"strings"

	"cee/internal/model"
	"cee/internal/refdata"
	"cee/internal/store"
)

// FicheRole is a record a role may be scoped to (a school, an
// organisation, a campus, a CEE, a professional, a département), as the
// invitation's field shows it: Ref is what the role keeps, Libelle what the
// field and its suggestions write.
type FicheRole struct {
	Ref, Nom, Libelle string
}

// LibelleFiche is how a numbered record shows in a field: « UIMM Occitanie
// (n° 12) », the number telling apart two records of the same name.
func LibelleFiche(nom string, id int64) string {
	return nom + " (n° " + strconv.FormatInt(id, 10) + ")"
}

// numeroFiche reads the number at the end of a record's label.
var numeroFiche = regexp.MustCompile(`\(n° ?([0-9]+)\)\s*$`)

// ChercherFiches lists at most n records of the kind role r is scoped to,
// in the académie (every académie when empty; any organisation for a tête
// de réseau), whose label holds every word typed, accents or not: what the
// invitation's field suggests once a role is chosen (issue 18 item 2, « no
// codes to type »). Roles without a record list nothing.
func ChercherFiches(ctx context.Context, s *store.Store, r model.Role, academie, q string, n int) ([]FicheRole, error) {
	mots := strings.Fields(model.Fold(q))
	if len(mots) == 0 || n <= 0 {
		return nil, nil
	}
	var out []FicheRole
	add := func(ref, nom, libelle string) {
		if len(out) < n && toutesPresentes(model.Fold(libelle), mots) {
			out = append(out, FicheRole{Ref: ref, Nom: nom, Libelle: libelle})
		}
	}
	sc := model.Scope{Academie: academie, National: academie == ""}
	switch r {
	case model.RoleEtablissement:
		list, err := ChercherEtablissements(ctx, s, academie, q, n)
		if err != nil {
			return nil, err
		}
		for _, e := range list {
			add(e.UAI, e.Nom, LibelleEtablissement(e))
		}
	case model.RoleDepartement:
		for _, d := range refdata.ReferentielDepartements().Chercher(q, 200) {
			if dep, ok := refdata.DepartementByCode(d.Code); ok && (academie == "" || dep.Academie == academie) {
				add(d.Code, dep.Nom, d.Libelle)
			}
		}
	case model.RoleOrganisation, model.RoleTeteReseau:
		if r == model.RoleTeteReseau {
			academie = ""
		}
		list, err := s.ListOrganisations(ctx, academie)
		if err != nil {
			return nil, err
		}
		for _, o := range list {
			add(strconv.FormatInt(o.ID, 10), o.Nom, LibelleFiche(o.Nom, o.ID))
		}
	case model.RolePartenaire:
		list, err := s.ListCampus(ctx, academie)
		if err != nil {
			return nil, err
		}
		for _, c := range list {
			add(strconv.FormatInt(c.ID, 10), c.Nom, LibelleFiche(c.Nom, c.ID))
		}
	case model.RoleConseiller:
		list, _, err := s.SearchConseillers(ctx, store.ConseillerFilter{Scope: sc, Q: q, Limit: 50})
		if err != nil {
			return nil, err
		}
		for _, c := range list {
			add(strconv.FormatInt(c.ID, 10), c.NomComplet(), LibelleFiche(c.NomComplet()+", "+c.Organisation, c.ID))
		}
	case model.RoleProfessionnel:
		list, _, err := s.SearchProfessionnels(ctx, store.ProfessionnelFilter{Scope: sc, Q: q, Limit: 50})
		if err != nil {
			return nil, err
		}
		for _, p := range list {
			nom := p.Prenom + " " + p.Nom
			add(strconv.FormatInt(p.ID, 10), nom, LibelleFiche(nom, p.ID))
		}
	}
	return out, nil
}

// ReferenceSaisie reads the invitation's field for role r: what the
// suggestions wrote, a name one record of the académie alone holds, or a
// code (an UAI, a département's number, a record's number), which
// VerifierHabilitation then checks. It returns the code, or a French
// message saying what to do when the name is unknown or several records
// hold it; "" and no message when the field is empty or the role has no
// record.
func ReferenceSaisie(ctx context.Context, s *store.Store, r model.Role, academie, saisie string) (string, string) {
	saisie = strings.TrimSpace(saisie)
	switch {
	case saisie == "":
		return "", ""
	case r.Scope() == model.ScopeUAI:
		if uai, ok := refdata.NormalizeUAI(saisie); ok {
			return uai, "" // VerifierHabilitation says what is wrong with it
		}
		e, msg := EtablissementSaisi(ctx, s, academie, saisie)
		return e.UAI, msg
	case r.Scope() == model.ScopeDepartement:
		return LireReference(refdata.ReferentielDepartements(), saisie)
	case r.Scope() != model.ScopeRef:
		return "", ""
	}
	if _, err := strconv.ParseInt(saisie, 10, 64); err == nil {
		return saisie, ""
	}
	if m := numeroFiche.FindStringSubmatch(saisie); m != nil {
		return m[1], ""
	}
	aucun := map[model.Role]string{model.RoleOrganisation: "Aucune organisation", model.RoleTeteReseau: "Aucune organisation",
		model.RolePartenaire: "Aucun campus, pôle de stage ni lycée des métiers", model.RoleConseiller: "Aucun conseiller", model.RoleProfessionnel: "Aucun professionnel"}[r]
	list, err := ChercherFiches(ctx, s, r, academie, saisie, 6)
	if err != nil {
		return "", "Recherche de la fiche impossible pour le moment : indiquez son numéro."
	}
	// A name typed in full picks its record among longer ones (« UIMM »
	// and « UIMM Occitanie »).
	var exacts []FicheRole
	for _, f := range list {
		if model.Fold(f.Nom) == model.Fold(saisie) {
			exacts = append(exacts, f)
		}
	}
	if len(exacts) == 1 {
		return exacts[0].Ref, ""
	}
	switch len(list) {
	case 1:
		return list[0].Ref, ""
	case 0:
		return "", aucun + " « " + saisie + " » dans l'académie : tapez les premières lettres du nom et choisissez dans la liste proposée, ou indiquez le numéro de la fiche."
	}
	var libelles []string
	for _, f := range list[:min(3, len(list))] {
		libelles = append(libelles, "« "+f.Libelle+" »")
	}
	return "", "Plusieurs fiches répondent à « " + saisie + " » : choisissez dans la liste proposée, par exemple " + strings.Join(libelles, " ou ") + "."
}
