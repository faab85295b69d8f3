package policy_test

import (
	"testing"

	"cee/internal/model"
	"cee/internal/policy"
)

// p is a principal of role r in the académie of Toulouse (16) with ref.
func p(r model.Role, ref string) model.Principal {
	h := model.Habilitation{Role: r, Academie: "16", Ref: ref}
	if r.Scope() == model.ScopeNational {
		h.Academie = ""
	}
	return model.Principal{CompteID: 7, H: h}
}

var (
	admin        = p(model.RoleAdmin, "")
	lecteur      = p(model.RoleLecteurNational, "")
	pilote       = p(model.RolePilote, "")
	organisation = p(model.RoleOrganisation, "12")
	conseiller   = p(model.RoleConseiller, "34")
	pro          = p(model.RoleProfessionnel, "56")
	etab         = p(model.RoleEtablissement, "0310036W")
	inspecteur   = p(model.RoleInspecteur, "")
	examens      = p(model.RoleExamens, "")
	partenaire   = p(model.RolePartenaire, "9")
	departement  = p(model.RoleDepartement, "31")
	region       = p(model.RoleRegion, "Occitanie")
	tete         = p(model.RoleTeteReseau, "3")
	everyone     = []model.Principal{admin, lecteur, pilote, organisation, conseiller, pro, etab, inspecteur, examens, partenaire, departement, region, tete}
)

// holds runs pred over every role and checks it holds for want only.
func holds(t *testing.T, name string, pred func(model.Principal) bool, want ...model.Principal) {
	t.Helper()
	for _, x := range everyone {
		exp := false
		for _, w := range want {
			exp = exp || w.H.Role == x.H.Role
		}
		if got := pred(x); got != exp {
			t.Errorf("%s(%s) = %v, want %v", name, x.H.Role, got, exp)
		}
	}
}

func TestPredicats(t *testing.T) {
	holds(t, "ChoisitAcademie", policy.ChoisitAcademie, admin)
	holds(t, "GereReglesNationales", policy.GereReglesNationales, admin)
	holds(t, "LitEquipes", policy.LitEquipes, admin, pilote, etab)
	holds(t, "Animateur", policy.Animateur, admin, pilote, organisation)
	holds(t, "VoitAnimation", policy.VoitAnimation, admin, pilote, organisation, conseiller)
	holds(t, "LanceRenouvellements", policy.LanceRenouvellements, admin, pilote)
	holds(t, "DemandesDuPerimetre", policy.DemandesDuPerimetre, admin, pilote, etab, conseiller, departement, region)
	holds(t, "DemandesOuvertesParDefaut", policy.DemandesOuvertesParDefaut, pilote)
	holds(t, "ResumeRemplaceCourriels", policy.ResumeRemplaceCourriels, pilote)
	holds(t, "SigneAttestation", policy.SigneAttestation, pilote)
	holds(t, "ConseillerDe", func(x model.Principal) bool { _, ok := policy.ConseillerDe(x); return ok }, conseiller)
	holds(t, "OrganisationDe", func(x model.Principal) bool { _, ok := policy.OrganisationDe(x); return ok }, organisation)
	holds(t, "TeteReseauDe", func(x model.Principal) bool { _, ok := policy.TeteReseauDe(x); return ok }, tete)
	holds(t, "LitConventionsReseau", policy.LitConventionsReseau, organisation, tete)
	holds(t, "ProfessionnelDe", func(x model.Principal) bool { _, ok := policy.ProfessionnelDe(x); return ok }, pro)
	holds(t, "EtablissementDe", func(x model.Principal) bool { _, ok := policy.EtablissementDe(x); return ok }, etab)
	holds(t, "BilansVisibles", func(x model.Principal) bool { _, ok := policy.BilansVisibles(x); return ok }, admin, pilote, organisation, conseiller)
	holds(t, "ActeurDesignation", func(x model.Principal) bool { _, ok := policy.ActeurDesignation(x); return ok }, admin, pilote, organisation)
}

func TestRefs(t *testing.T) {
	if id, ok := policy.ConseillerDe(conseiller); !ok || id != 34 {
		t.Errorf("ConseillerDe = %d, %v, want 34, true", id, ok)
	}
	if id, ok := policy.OrganisationDe(organisation); !ok || id != 12 {
		t.Errorf("OrganisationDe = %d, %v, want 12, true", id, ok)
	}
	if uai, ok := policy.EtablissementDe(etab); !ok || uai != "0310036W" {
		t.Errorf("EtablissementDe = %q, %v", uai, ok)
	}
	// A ref that is no record's number acts as no record.
	if _, ok := policy.ConseillerDe(p(model.RoleConseiller, "x")); ok {
		t.Error("ConseillerDe accepted an unreadable ref")
	}
}

func TestFileAttenteDe(t *testing.T) {
	want := map[model.Role]policy.FileAttente{
		model.RolePilote: policy.AttentePilote, model.RoleConseiller: policy.AttenteConseiller,
		model.RoleEtablissement: policy.AttenteDemandeur, model.RoleInspecteur: policy.AttenteInspecteur,
		model.RoleExamens: policy.AttenteDemandeur, model.RolePartenaire: policy.AttenteDemandeur,
	}
	for _, x := range everyone {
		if got := policy.FileAttenteDe(x); got != want[x.H.Role] {
			t.Errorf("FileAttenteDe(%s) = %v, want %v", x.H.Role, got, want[x.H.Role])
		}
	}
}

func TestCampusVisible(t *testing.T) {
	campus := model.Campus{ID: 9, Academie: "16"}
	ailleurs := model.Campus{ID: 9, Academie: "02"}
	for _, c := range []struct {
		who  model.Principal
		c    model.Campus
		want bool
	}{
		{admin, ailleurs, true},
		{pilote, campus, true},
		{pilote, ailleurs, false},
		{partenaire, campus, true},
		{partenaire, model.Campus{ID: 8, Academie: "16"}, false},
		// issue 20: a role on another académie's campus reaches nothing.
		{partenaire, ailleurs, false},
		{etab, campus, false},
		{lecteur, campus, false},
	} {
		if got := policy.CampusVisible(c.who, c.c); got != c.want {
			t.Errorf("CampusVisible(%s, campus %d of %s) = %v, want %v", c.who.H.Role, c.c.ID, c.c.Academie, got, c.want)
		}
	}
}

func TestActeurDemande(t *testing.T) {
	d := model.Demande{Academie: "16", UAI: "0310036W", AuteurID: 99}
	for _, c := range []struct {
		who    model.Principal
		compte int64
		d      model.Demande
		want   model.ActeurDemande
	}{
		{admin, 7, model.Demande{Academie: "02"}, model.ParPilote},
		{pilote, 7, d, model.ParPilote},
		{pilote, 7, model.Demande{Academie: "02"}, ""},
		{etab, 7, d, model.ParDemandeur},                              // their school's
		{etab, 7, model.Demande{Academie: "16", UAI: "0310001A"}, ""}, // another school's
		{inspecteur, 99, d, model.ParDemandeur},                       // its author
		{inspecteur, 7, d, ""},
		{conseiller, 7, d, ""},
		// A unit's animator: its requests, in their role's académie only.
		{partenaire, 7, model.Demande{Academie: "16", CampusID: 9}, model.ParDemandeur},
		{partenaire, 7, model.Demande{Academie: "16", CampusID: 6}, ""},
		{partenaire, 7, model.Demande{Academie: "02", CampusID: 9}, ""},
		{partenaire, 7, d, ""},
	} {
		got, ok := policy.ActeurDemande(c.who, c.compte, c.d)
		if got != c.want || ok != (c.want != "") {
			t.Errorf("ActeurDemande(%s, %d) = %q, %v, want %q", c.who.H.Role, c.compte, got, ok, c.want)
		}
	}
}

func TestBilans(t *testing.T) {
	for _, c := range []struct {
		who           model.Principal
		per           model.PerimetreBilan
		ref, academie string
		want          bool
	}{
		{admin, model.BilanAcademie, "02", "02", true},
		{pilote, model.BilanOrganisation, "5", "16", true},
		{pilote, model.BilanAcademie, "02", "02", false},
		{organisation, model.BilanOrganisation, "12", "16", true},
		{organisation, model.BilanOrganisation, "13", "16", false},
		{organisation, model.BilanAcademie, "16", "16", false},
		{conseiller, model.BilanConseiller, "34", "16", true},
		{conseiller, model.BilanConseiller, "35", "16", false},
	} {
		v, ok := policy.BilansVisibles(c.who)
		if got := ok && v.Contient(c.per, c.ref, c.academie); got != c.want {
			t.Errorf("%s sees bilan %s %s of %s: %v, want %v", c.who.H.Role, c.per, c.ref, c.academie, got, c.want)
		}
	}
	if policy.PerimetreBilan(pilote) != model.BilanAcademie || policy.PerimetreBilan(organisation) != model.BilanOrganisation ||
		policy.PerimetreBilan(conseiller) != model.BilanConseiller || policy.PerimetreBilan(etab) != "" {
		t.Error("PerimetreBilan: wrong kind of bilan for a role")
	}
}

func TestScopeOf(t *testing.T) {
	for _, c := range []struct {
		who  model.Principal
		want model.Scope
	}{
		{admin, model.Scope{National: true}},
		{lecteur, model.Scope{National: true}},
		{pilote, model.Scope{Academie: "16"}},
		{organisation, model.Scope{Academie: "16", Organisation: "12"}},
		{conseiller, model.Scope{Academie: "16", Conseiller: "34"}},
		{etab, model.Scope{Academie: "16", UAI: "0310036W"}},
		{inspecteur, model.Scope{Academie: "16"}},
	} {
		if got := policy.ScopeOf(c.who); got != c.want {
			t.Errorf("ScopeOf(%s) = %+v, want %+v", c.who.H.Role, got, c.want)
		}
	}
}

func TestCan(t *testing.T) {
	res := func(kind, acad string) model.Resource { return model.Resource{Kind: kind, Academie: acad} }
	for _, c := range []struct {
		who  model.Principal
		a    model.Action
		r    model.Resource
		want bool
	}{
		{admin, model.ActionGerer, res(model.ResComptes, "02"), true},
		{pilote, model.ActionGerer, res(model.ResComptes, "16"), true},
		{pilote, model.ActionGerer, res(model.ResComptes, "02"), false},
		{organisation, model.ActionLire, res(model.ResComptes, ""), false},
		{lecteur, model.ActionLire, res(model.ResConseillers, "02"), true},
		{lecteur, model.ActionGerer, res(model.ResConseillers, ""), false},
		{conseiller, model.ActionExporter, res(model.ResConseillers, "16"), false},
		{conseiller, model.ActionGerer, res(model.ResConseillers, "16"), true},
		{etab, model.ActionLire, model.Resource{Kind: model.ResEquipe, Academie: "16", UAI: "0310036W"}, true},
		{etab, model.ActionLire, model.Resource{Kind: model.ResEquipe, Academie: "16", UAI: "0310001A"}, false},
		{etab, model.ActionExporter, res(model.ResDemandes, ""), false},
		{pro, model.ActionGerer, res(model.ResMonAccord, ""), true},
		{inspecteur, model.ActionGerer, res(model.ResAvis, "02"), false},
		{examens, model.ActionGerer, res(model.ResJurys, "16"), true},
		{partenaire, model.ActionLire, res(model.ResJurys, ""), false},
		{lecteur, model.ActionLire, res(model.ResStatistiquesNatl, ""), true},
		{pilote, model.ActionLire, res(model.ResStatistiquesNatl, ""), false},
	} {
		if got := policy.Can(c.who, c.a, c.r); got != c.want {
			t.Errorf("Can(%s, %s, %+v) = %v, want %v", c.who.H.Role, c.a, c.r, got, c.want)
		}
	}
}

func TestCanGrant(t *testing.T) {
	for _, c := range []struct {
		who  model.Principal
		h    model.Habilitation
		want bool
	}{
		{admin, model.Habilitation{Role: model.RolePilote, Academie: "02"}, true},
		{pilote, model.Habilitation{Role: model.RoleEtablissement, Academie: "16"}, true},
		{pilote, model.Habilitation{Role: model.RoleEtablissement, Academie: "02"}, false},
		{pilote, model.Habilitation{Role: model.RolePilote, Academie: "16"}, false},
		{organisation, model.Habilitation{Role: model.RoleConseiller, Academie: "16"}, false},
		// An organisation manages its own référents: its record, its académie.
		{organisation, model.Habilitation{Role: model.RoleOrganisation, Academie: "16", Ref: "12"}, true},
		{organisation, model.Habilitation{Role: model.RoleOrganisation, Academie: "16", Ref: "13"}, false},
		{organisation, model.Habilitation{Role: model.RoleOrganisation, Academie: "02", Ref: "12"}, false},
	} {
		if got := policy.CanGrant(c.who, c.h); got != c.want {
			t.Errorf("CanGrant(%s, %s of %s) = %v, want %v", c.who.H.Role, c.h.Role, c.h.Academie, got, c.want)
		}
	}
}

func TestVisibilites(t *testing.T) {
	masque := model.Conseiller{Academie: "16", TelephoneMasque: true}
	if !policy.TelephoneVisible(inspecteur, model.Conseiller{Academie: "16"}) || policy.TelephoneVisible(inspecteur, masque) ||
		!policy.TelephoneVisible(pilote, masque) {
		t.Error("TelephoneVisible: a masked number is for those who manage the record only")
	}
	o := model.Organisation{Academies: []string{"16", "02"}}
	if !policy.OrganisationVisible(pilote, o) || policy.OrganisationVisible(pilote, model.Organisation{Academies: []string{"02"}}) ||
		!policy.OrganisationVisible(admin, model.Organisation{}) {
		t.Error("OrganisationVisible: the admin every organisation, others those of their académie")
	}
	if policy.AcademieSessions(admin) != "" || policy.AcademieSessions(examens) != "16" {
		t.Error("AcademieSessions: the admin every académie, others their own")
	}
	invite := model.Professionnel{ConseillerID: 34, Academie: "16"}
	if !policy.ProfessionnelVisible(conseiller, invite) || policy.ProfessionnelVisible(pilote, invite) {
		t.Error("ProfessionnelVisible: the inviting CEE always, the others once consented")
	}
}

func TestVueOf(t *testing.T) {
	want := map[model.Role]policy.Vue{
		model.RoleAdmin: policy.VueNationale, model.RoleLecteurNational: policy.VueNationale, model.RolePilote: policy.VueAcademie,
		model.RoleOrganisation: policy.VueOrganisation, model.RoleConseiller: policy.VueConseiller,
		model.RoleEtablissement: policy.VueEtablissement, model.RoleExamens: policy.VueExamens,
		model.RoleDepartement: policy.VueTerritoire, model.RoleRegion: policy.VueTerritoire, model.RoleTeteReseau: policy.VueOrganisation,
	}
	for _, x := range everyone {
		if got := policy.VueOf(x); got != want[x.H.Role] {
			t.Errorf("VueOf(%s) = %v, want %v", x.H.Role, got, want[x.H.Role])
		}
	}
	holds(t, "Reseau", func(x model.Principal) bool { return policy.VueOf(x).Reseau() }, admin, lecteur, pilote, organisation, departement, region, tete)
}

func TestRessourcesVisibles(t *testing.T) {
	if v := policy.RessourcesVisibles(admin); !v.Toutes {
		t.Errorf("admin: %+v, want every resource", v)
	}
	if v := policy.RessourcesVisibles(lecteur); v.Toutes || !v.ToutesAcademies || v.Role != model.RoleLecteurNational {
		t.Errorf("national reader: %+v, want their role's, of every académie", v)
	}
	if v := policy.RessourcesVisibles(etab); v.Toutes || v.ToutesAcademies || v.Role != model.RoleEtablissement || v.Academie != "16" {
		t.Errorf("school staff: %+v, want their role's, national or of académie 16", v)
	}
}

// The territorial readers: a département's (DSDEN) and a région
// académique's (DRAFPIC) read and export the CEE of their territory, read
// its requests and its dashboard, and manage nothing; their lists are
// scoped to the territory alone, with no académie to fall back on.
func TestTerritoires(t *testing.T) {
	for _, x := range []model.Principal{departement, region} {
		for _, c := range []struct {
			a    model.Action
			r    model.Resource
			want bool
		}{
			{model.ActionLire, model.Resource{Kind: model.ResConseillers}, true},
			{model.ActionExporter, model.Resource{Kind: model.ResConseillers, Academie: "16"}, true},
			{model.ActionGerer, model.Resource{Kind: model.ResConseillers, Academie: "16"}, false},
			{model.ActionLire, model.Resource{Kind: model.ResConseillers, Academie: "01"}, false},
			{model.ActionLire, model.Resource{Kind: model.ResDemandes, Academie: "16"}, true},
			{model.ActionGerer, model.Resource{Kind: model.ResDemandes, Academie: "16"}, false},
			{model.ActionExporter, model.Resource{Kind: model.ResTableauDeBord}, true},
			{model.ActionLire, model.Resource{Kind: model.ResProfessionnels}, false},
			{model.ActionLire, model.Resource{Kind: model.ResComptes}, false},
			{model.ActionLire, model.Resource{Kind: model.ResJurys}, false},
			{model.ActionLire, model.Resource{Kind: model.ResBilans}, false},
		} {
			if got := policy.Can(x, c.a, c.r); got != c.want {
				t.Errorf("Can(%s, %s, %+v) = %v, want %v", x.H.Role, c.a, c.r, got, c.want)
			}
		}
	}
	// Montpellier (11) is in Occitanie with Toulouse: the région's reader
	// reaches it, the département's does not.
	montpellier := model.Resource{Kind: model.ResConseillers, Academie: "11"}
	if !policy.Can(region, model.ActionLire, montpellier) || policy.Can(departement, model.ActionLire, montpellier) {
		t.Error("Montpellier: the région académique d'Occitanie reaches it, the Haute-Garonne does not")
	}
	if got := policy.ScopeOf(departement); got != (model.Scope{Departement: "31"}) {
		t.Errorf("ScopeOf(departement) = %+v", got)
	}
	if got := policy.ScopeOf(region); got != (model.Scope{Region: "Occitanie"}) {
		t.Errorf("ScopeOf(region) = %+v", got)
	}
	if policy.VueOf(departement) != policy.VueTerritoire || !policy.VueTerritoire.Reseau() {
		t.Error("the territorial readers' dashboard is the network's, of their territory")
	}
	if !policy.CanGrant(pilote, model.Habilitation{Role: model.RoleDepartement, Academie: "16", Ref: "31"}) ||
		policy.CanGrant(pilote, model.Habilitation{Role: model.RoleDepartement, Academie: "11", Ref: "34"}) ||
		policy.CanGrant(pilote, model.Habilitation{Role: model.RoleRegion, Academie: "16", Ref: "Occitanie"}) ||
		!policy.CanGrant(admin, model.Habilitation{Role: model.RoleRegion, Academie: "16", Ref: "Occitanie"}) {
		t.Error("a pilote grants a département's reader of their académie, only the admin a région's")
	}
}

// TestTeteReseau: a tête de réseau reads its members' CEE, their service
// and the dashboard in every académie, exports the directory, and writes
// nothing: no designation, no proposal, no référent, no account.
func TestTeteReseau(t *testing.T) {
	if sc := policy.ScopeOf(tete); sc != (model.Scope{TeteReseau: "3"}) {
		t.Errorf("ScopeOf(tête de réseau) = %+v, want its head organisation and no académie", sc)
	}
	for _, c := range []struct {
		a    model.Action
		kind string
		acad string
		want bool
	}{
		{model.ActionLire, model.ResConseillers, "04", true},
		{model.ActionExporter, model.ResConseillers, "04", true},
		{model.ActionGerer, model.ResConseillers, "16", false},
		{model.ActionLire, model.ResServiceReseau, "04", true},
		{model.ActionGerer, model.ResServiceReseau, "16", false},
		{model.ActionExporter, model.ResServiceReseau, "16", false},
		{model.ActionLire, model.ResTableauDeBord, "", true},
		{model.ActionGerer, model.ResDesignations, "16", false},
		{model.ActionLire, model.ResDemandes, "16", false},
		{model.ActionLire, model.ResComptes, "16", false},
		{model.ActionLire, model.ResBilans, "16", false},
	} {
		if got := policy.Can(tete, c.a, model.Resource{Kind: c.kind, Academie: c.acad}); got != c.want {
			t.Errorf("Can(tête de réseau, %s, %s de %s) = %v, want %v", c.a, c.kind, c.acad, got, c.want)
		}
	}
	if _, ok := policy.ActeurDesignation(tete); ok || policy.Animateur(tete) || len(policy.InvitableRoles(tete)) > 0 {
		t.Error("une tête de réseau ne désigne, n'anime ni n'invite personne")
	}
}
