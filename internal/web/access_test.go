package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"cee/internal/apptest"
	"cee/internal/model"
	"cee/internal/store"
)

// Who may reach a route.
type rule int

const (
	open               rule = iota // everyone, signed in or not
	member                         // any signed-in person; anonymous → login
	gestion                        // admin and pilote; others 403; anonymous → login
	equipe                         // admin, pilote, établissement; others 403; anonymous → login
	pendingOnly                    // a session waiting for its second factor; others → login or 403
	annuaire                       // directory readers: admin, lecteur, pilote, inspection, examens, organisation, the CEE (own record), territorial readers (département, région académique), tête de réseau
	annuaireExport                 // the same without the national read-only role nor the CEE
	designation                    // admin, pilote, organisation
	profil                         // admin, pilote, and the CEE (own record: another's is 404)
	reseau                         // the wider network's readers: national roles, pilote, inspection, examens, the CEE
	inviterPro                     // the CEE only
	inspection                     // the inspector only
	proSelf                        // the professional (their own consent)
	demandesLire                   // readers of requests: admin, pilote, school, inspection, exams, partner, CEE, territorial readers
	demandesEcrire                 // writers of requests: the same without the CEE
	jurys                          // exam juries: admin, pilote, exam division
	adminOnly                      // national administrators only
	indicateurs                    // the dashboards' downloads: roles with a dashboard (national, pilote, organisation, CEE, school, exams, territorial readers)
	bilans                         // annual bilans: admin, pilote, organisation, CEE
	organisationSeule              // an organisation's référents only (they act for their own network)
	reseauLire                     // who reads an organisation's network: its référents, and a tête de réseau (read-only, across académies)
	expertisesLire                 // requests for an opinion: admin, pilote, inspection, school, and the CEE (those addressed to them)
	expertisesDemander             // asking for an opinion: the same without the CEE
	couverture                     // the coverage page: the network's views (national, pilote, organisation, tête de réseau, territorial readers)
)

// accessRules has one line per route registered on the router. The test
// walks the router's own list: a route added without a line here fails.
var accessRules = map[string]rule{
	"GET /static/":                                          open,
	"GET /healthz":                                          open,
	"GET /readyz":                                           open,
	"GET /metrics":                                          open,
	"GET /{$}":                                              open,
	"GET /etablissements":                                   open,
	"GET /etablissements/{uai}":                             open,
	"GET /etablissements/{uai}/equipe":                      equipe,
	"GET /accessibilite":                                    open,
	"GET /mentions-legales":                                 open,
	"GET /donnees-personnelles":                             open,
	"GET /connexion":                                        open,
	"POST /connexion/lien":                                  open,
	"GET /connexion/lien-envoye":                            open,
	"GET /connexion/lien/{jeton}":                           open,
	"POST /connexion/lien/{jeton}":                          open,
	"POST /connexion/mot-de-passe":                          open,
	"GET /connexion/totp":                                   pendingOnly,
	"GET /suggestions/{kind}":                               member,
	"POST /connexion/totp":                                  pendingOnly,
	"GET /connexion/proconnect":                             open,
	"GET /connexion/proconnect/retour":                      open,
	"GET /invitation/{jeton}":                               open,
	"POST /invitation/{jeton}":                              open,
	"POST /deconnexion":                                     open,
	"GET /compte":                                           member,
	"POST /compte/role":                                     member,
	"POST /compte/mot-de-passe":                             member,
	"POST /compte/deconnexion-partout":                      member,
	"POST /compte/resume":                                   member,
	"GET /comptes":                                          gestion,
	"GET /comptes/export.csv":                               gestion,
	"GET /comptes/inviter":                                  gestion,
	"GET /couverture":                                       couverture,
	"GET /comptes/rattachement":                             gestion,
	"POST /comptes/rattachement/regles":                     gestion,
	"POST /comptes/rattachement/regles/retirer":             gestion,
	"POST /comptes/rattachement/demandes/{id}":              gestion,
	"GET /couverture/invitations":                           gestion,
	"POST /couverture/invitations":                          gestion,
	"GET /couverture/{uai}":                                 gestion,
	"POST /couverture/{uai}":                                gestion,
	"POST /comptes/inviter":                                 gestion,
	"POST /comptes/inviter/fichier":                         gestion,
	"GET /comptes/{id}":                                     gestion,
	"POST /comptes/{id}/statut":                             gestion,
	"GET /journal":                                          gestion,
	"GET /conseillers":                                      annuaire,
	"GET /conseillers/export.csv":                           annuaireExport,
	"GET /conseillers/export.xlsx":                          annuaireExport,
	"GET /import/conseillers":                               gestion,
	"POST /import/conseillers":                              gestion,
	"POST /import/conseillers/{id}":                         gestion,
	"GET /conseillers/proposer":                             designation,
	"POST /conseillers/proposer":                            designation,
	"GET /conseillers/{id}":                                 annuaire,
	"POST /conseillers/{id}/designation":                    designation,
	"POST /conseillers/{id}/avis":                           inspection,
	"GET /conseillers/{id}/profil":                          profil,
	"GET /mandats":                                          designation,
	"GET /organisations":                                    gestion,
	"GET /conventions":                                      gestion,
	"GET /professionnels":                                   reseau,
	"GET /professionnels/inviter":                           inviterPro,
	"POST /professionnels/inviter":                          inviterPro,
	"GET /professionnels/{id}":                              reseau,
	"GET /consentement/{jeton}":                             open,
	"POST /consentement/{jeton}":                            open,
	"GET /retrait":                                          open,
	"POST /retrait":                                         open,
	"GET /retrait/{jeton}":                                  open,
	"POST /retrait/{jeton}":                                 open,
	"GET /mon-accord":                                       proSelf,
	"POST /mon-accord":                                      proSelf,
	"POST /conventions":                                     gestion,
	"POST /conventions/{id}/signee":                         gestion,
	"GET /conventions/{id}/convention.pdf":                  gestion,
	"POST /organisations":                                   gestion,
	"GET /organisations/{id}":                               gestion,
	"POST /organisations/{id}/contacts":                     gestion,
	"POST /organisations/{id}/contacts/{contact}/supprimer": gestion,
	"GET /parametres":                                       gestion,
	"POST /parametres":                                      gestion,
	"GET /conseillers/{id}/arrete.pdf":                      annuaire,
	"GET /mandats/arrete-collectif.pdf":                     designation,
	"GET /conseillers/{id}/mandats/{mandat}/arrete.pdf":     annuaire,
	"GET /mandats/collectif":                                gestion,
	"POST /mandats/collectif":                               gestion,
	"GET /conventions/{id}":                                 gestion,
	"GET /conventions/{id}/projet.pdf":                      gestion,
	"GET /mes-conventions":                                  reseauLire,
	"GET /expertises":                                       expertisesLire,
	"GET /expertises/nouvelle":                              expertisesDemander,
	"POST /expertises":                                      expertisesDemander,
	"GET /expertises/{id}":                                  expertisesLire,
	"POST /expertises/{id}/reponse":                         inviterPro,
	"GET /expertises/{id}/avis/{avis}/avis.pdf":             expertisesLire,
	"GET /expertises/{id}/avis/{avis}/piece":                expertisesLire,
	"POST /mandats/renouvellement":                          designation,
	"POST /conseillers/{id}/profil":                         profil,
	"GET /conseillers/{id}/actions":                         profil,
	"POST /conseillers/{id}/actions":                        profil,
	"GET /reseau/service":                                   reseauLire,
	"GET /reseau/propositions":                              organisationSeule,
	"POST /reseau/propositions":                             organisationSeule,
	"GET /reseau/referents":                                 organisationSeule,
	"POST /reseau/referents":                                organisationSeule,
	"POST /reseau/referents/{id}/retirer":                   organisationSeule,
	"GET /conseillers/{id}/attestation.pdf":                 profil,
	"GET /jurys":                                            jurys,
	"POST /jurys":                                           jurys,
	"GET /jurys/regles":                                     jurys,
	"POST /jurys/regles":                                    adminOnly,
	"GET /jurys/{id}":                                       jurys,
	"POST /jurys/{id}/import":                               jurys,
	"POST /jurys/{id}/import/{televersement}":               jurys,
	"POST /jurys/{id}/campagne":                             jurys,
	"POST /jurys/{id}/composition":                          jurys,
	"GET /jurys/{id}/progression":                           jurys,
	"POST /jurys/{id}/membres/{membre}/verrou":              jurys,
	"POST /jurys/{id}/membres/{membre}/remplacer":           jurys,
	"POST /jurys/{id}/publication":                          jurys,
	"POST /jurys/{id}/membres/{membre}/presence":            jurys,
	"GET /jurys/{id}/arrete.pdf":                            jurys,
	"GET /jurys/{id}/export.csv":                            jurys,
	"GET /jurys/{id}/export.xlsx":                           jurys,
	"GET /jurys/parametres":                                 jurys,
	"POST /jurys/parametres":                                jurys,
	"GET /disponibilites/{jeton}":                           open,
	"POST /disponibilites/{jeton}":                          open,
	"GET /convocation/{jeton}":                              open,
	"POST /convocation/{jeton}":                             open,
	"POST /convocations/{id}/reponse":                       inviterPro,
	"GET /demandes":                                         demandesLire,
	"GET /demandes/nouvelle":                                demandesEcrire,
	"POST /demandes":                                        demandesEcrire,
	"GET /demandes/dates":                                   demandesEcrire,
	"GET /demandes/{id}":                                    demandesLire,
	"GET /demandes/{id}/modifier":                           demandesEcrire,
	"POST /demandes/{id}":                                   demandesEcrire,
	"POST /demandes/{id}/etat":                              demandesEcrire,
	"POST /demandes/{id}/distance":                          demandesEcrire,
	"POST /demandes/{id}/sollicitations":                    demandesEcrire,
	"POST /demandes/{id}/evaluation":                        demandesEcrire,
	"POST /demandes/{id}/places/{sollicitation}":            demandesEcrire,
	"POST /demandes/{id}/compte-rendu":                      inviterPro,
	"POST /sollicitations/{id}/reponse":                     inviterPro,
	"POST /sollicitations/{id}/transmettre":                 inviterPro,
	"GET /reponse/{jeton}":                                  open,
	"POST /reponse/{jeton}":                                 open,
	"GET /notifications":                                    member,
	"GET /calendrier/{fichier}":                             open,
	"POST /compte/calendrier":                               inviterPro,
	"GET /demandes/export":                                  gestion,
	"GET /sollicitations/export":                            gestion,
	"GET /actions/export":                                   annuaireExport,
	"GET /professionnels/export":                            gestion,
	"GET /journal/export":                                   gestion,
	"GET /exports":                                          member,
	"GET /exports/{id}":                                     member, // another's export is 404
	"GET /exports/{id}/fichier":                             member,
	"POST /notifications/lues":                              member,
	"POST /notifications/{id}":                              member,
	"GET /dev/courriels":                                    open, // demo and dev only: see TestRoutes for plain mode
	"GET /dev/courriels/{id}":                               open,
	"GET /dev/courriels/{id}/html":                          open,
	"GET /dev/courriels/{id}/pieces/{n}":                    open,
	"GET /dev/taches":                                       open,
	"POST /dev/taches/{id}/relancer":                        open,
	"GET /dev/connexion":                                    open,
	"POST /dev/connexion/{id}":                              open,
	"GET /dev/composants":                                   open,
}

var demoPrincipals = []string{"", "admin", "lecteur", "pilote", "organisation", "conseiller", "professionnel",
	"etablissement", "inspecteur", "examens", "partenaire", "departement", "region", "tete-reseau"}

func TestAccessMatrix(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{Demo: true, Dev: true})
	ctx := context.Background()
	st := srv.App.Store
	school, _ := st.GetCompteByEmail(ctx, demoEmail("etablissement"))
	uai := school.Habilitations[0].Ref
	target, _ := st.GetCompteByEmail(ctx, demoEmail("inspecteur"))
	fill := strings.NewReplacer("{uai}", uai, "{id}", itoa(target.ID), "{jeton}", "inconnu", "{kind}", "commune", "{$}", "")
	// A CEE of the demo organisation référent's own organisation, so that
	// every directory reader may open it.
	org, _ := st.GetCompteByEmail(ctx, demoEmail("organisation"))
	cees, _, _ := st.SearchConseillers(ctx, store.ConseillerFilter{Scope: model.Scope{Academie: org.Habilitations[0].Academie, Organisation: org.Habilitations[0].Ref}, Limit: 1})
	fillCEE := strings.NewReplacer("{id}", itoa(cees[0].ID), "{$}", "")

	patterns := srv.App.Handler.Patterns()
	if len(patterns) < 30 {
		t.Fatalf("only %d routes registered: the walk is not reading the router", len(patterns))
	}
	for _, pattern := range patterns {
		r, ok := accessRules[pattern]
		if !ok {
			t.Errorf("route %q has no line in accessRules", pattern)
			continue
		}
		method, path, _ := strings.Cut(pattern, " ")
		if strings.HasPrefix(path, "/conseillers/") {
			path = fillCEE.Replace(path)
		}
		path = fill.Replace(path)
		if path == "/static/" {
			path = "/static/inconnu/dsfr/dsfr.min.css"
		}
		for _, who := range demoPrincipals {
			t.Run(pattern+" as "+who, func(t *testing.T) {
				c := newClient(t, srv)
				var role model.Role
				if who != "" {
					comp := c.loginAs(demoEmail(who))
					role = comp.Habilitations[0].Role
				}
				resp, _ := c.do(method, path, nil, "")
				got := outcome(resp)
				want := expected(r, who, role)
				if got != want {
					t.Errorf("%s %s as %q: %s (status %d, location %q), want %s", method, path, who, got, resp.StatusCode, resp.Header.Get("Location"), want)
				}
			})
		}
	}
}

func outcome(resp *http.Response) string {
	switch {
	case resp.StatusCode == http.StatusForbidden:
		return "forbidden"
	case resp.StatusCode == http.StatusSeeOther && strings.HasPrefix(resp.Header.Get("Location"), "/connexion?retour="):
		return "login"
	case resp.StatusCode >= 500:
		// A failure is not a way through: a route that crashes for a role
		// it should serve (or refuse) is a defect of this walk's subject.
		return "error"
	}
	return "allowed"
}

func expected(r rule, who string, role model.Role) string {
	anonymous := who == ""
	switch r {
	case open:
		return "allowed"
	case member:
		if anonymous {
			return "login"
		}
		return "allowed"
	case gestion:
		if anonymous {
			return "login"
		}
		if role == model.RoleAdmin || role == model.RolePilote {
			return "allowed"
		}
		return "forbidden"
	case equipe:
		if anonymous {
			return "login"
		}
		switch role {
		case model.RoleAdmin, model.RolePilote, model.RoleEtablissement:
			return "allowed"
		}
		return "forbidden"
	case pendingOnly:
		if anonymous {
			return "login"
		}
		return "forbidden"
	case annuaire, annuaireExport, designation, profil, reseau, inviterPro, inspection, proSelf, demandesLire, demandesEcrire, jurys, adminOnly,
		indicateurs, bilans, organisationSeule, reseauLire, expertisesLire, expertisesDemander, couverture:
		if anonymous {
			return "login"
		}
		allowed := map[rule][]model.Role{
			annuaire: {model.RoleAdmin, model.RoleLecteurNational, model.RolePilote, model.RoleInspecteur, model.RoleExamens, model.RoleOrganisation, model.RoleConseiller,
				model.RoleDepartement, model.RoleRegion, model.RoleTeteReseau},
			annuaireExport: {model.RoleAdmin, model.RolePilote, model.RoleInspecteur, model.RoleExamens, model.RoleOrganisation, model.RoleDepartement, model.RoleRegion,
				model.RoleTeteReseau},
			designation: {model.RoleAdmin, model.RolePilote, model.RoleOrganisation},
			profil:      {model.RoleAdmin, model.RolePilote, model.RoleConseiller},
			reseau:      {model.RoleAdmin, model.RoleLecteurNational, model.RolePilote, model.RoleInspecteur, model.RoleExamens, model.RoleConseiller},
			inviterPro:  {model.RoleConseiller},
			inspection:  {model.RoleInspecteur},
			proSelf:     {model.RoleProfessionnel},
			demandesLire: {model.RoleAdmin, model.RolePilote, model.RoleEtablissement, model.RoleInspecteur, model.RoleExamens, model.RolePartenaire, model.RoleConseiller,
				model.RoleDepartement, model.RoleRegion},
			demandesEcrire: {model.RoleAdmin, model.RolePilote, model.RoleEtablissement, model.RoleInspecteur, model.RoleExamens, model.RolePartenaire},
			jurys:          {model.RoleAdmin, model.RolePilote, model.RoleExamens},
			adminOnly:      {model.RoleAdmin},
			indicateurs: {model.RoleAdmin, model.RoleLecteurNational, model.RolePilote, model.RoleOrganisation, model.RoleConseiller, model.RoleEtablissement, model.RoleExamens,
				model.RoleDepartement, model.RoleRegion, model.RoleTeteReseau},
			bilans:             {model.RoleAdmin, model.RolePilote, model.RoleOrganisation, model.RoleConseiller},
			organisationSeule:  {model.RoleOrganisation},
			reseauLire:         {model.RoleOrganisation, model.RoleTeteReseau},
			expertisesLire:     {model.RoleAdmin, model.RolePilote, model.RoleInspecteur, model.RoleEtablissement, model.RoleConseiller},
			expertisesDemander: {model.RoleAdmin, model.RolePilote, model.RoleInspecteur, model.RoleEtablissement},
			couverture: {model.RoleAdmin, model.RoleLecteurNational, model.RolePilote, model.RoleOrganisation, model.RoleTeteReseau,
				model.RoleDepartement, model.RoleRegion},
		}[r]
		for _, a := range allowed {
			if a == role {
				return "allowed"
			}
		}
		return "forbidden"
	}
	return "?"
}

// A unit's requests and page are reached by record, not by role: its
// animators and the pilotes of its académie; the animator of another unit,
// a role on the unit granted in another académie and another académie's
// pilote get 404, as for an id that does not exist.
func TestAccesUnites(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{Demo: true})
	ctx := context.Background()
	st := srv.App.Store
	cmq, pole, _, _ := demoUnites(t, st)
	e, _ := st.GetEtablissement(ctx, cmq.Membres[0])
	id, err := st.CreateDemande(ctx, model.Demande{Academie: "16", UAI: e.UAI, Departement: e.Departement, CodeCommune: e.CodeCommune,
		Type: model.TypeVisite, Titre: "Visite du campus", Personnes: 1, Etat: model.DemandeEnRecherche, CampusID: cmq.ID})
	if err != nil {
		t.Fatal(err)
	}
	compte := func(email string, h model.Habilitation) string {
		cid, err := st.CreateCompte(ctx, model.Compte{Email: email, Nom: email})
		if err != nil {
			t.Fatal(err)
		}
		h.CompteID = cid
		if _, err := st.AddHabilitation(ctx, h); err != nil {
			t.Fatal(err)
		}
		return email
	}
	autreUnite := compte("animateur.pole@example.org", model.Habilitation{Role: model.RolePartenaire, Academie: "16", Ref: itoa(pole.ID)})
	autreAcademie := compte("animateur.bordeaux@example.org", model.Habilitation{Role: model.RolePartenaire, Academie: "04", Ref: itoa(cmq.ID)})
	piloteBordeaux := compte("pilote.unites@ac-bordeaux.fr", model.Habilitation{Role: model.RolePilote, Academie: "04"})
	demande, page := "/demandes/"+itoa(id), "/campus/"+itoa(cmq.ID)
	for who, want := range map[string]int{demoEmail("partenaire"): 200, demoEmail("pilote"): 200, autreUnite: 404, autreAcademie: 404, piloteBordeaux: 404} {
		c := newClient(t, srv)
		c.loginAs(who)
		for _, p := range []string{demande, page} {
			if resp, _ := c.get(p); resp.StatusCode != want {
				t.Errorf("%s on %s: %d, want %d", who, p, resp.StatusCode, want)
			}
		}
		if want == 404 {
			// Nor do they act on it.
			if resp, _ := c.post(demande+"/etat", url.Values{"etat": {"annulee"}, "motif": {"x"}}); resp.StatusCode != http.StatusNotFound {
				t.Errorf("%s cancels the unit's request: %d, want 404", who, resp.StatusCode)
			}
		}
	}
	// The other unit's animator writes for their unit only.
	c := newClient(t, srv)
	c.loginAs(autreUnite)
	seul := ""
	for _, m := range cmq.Membres {
		if !pole.Contient(m) {
			seul = m
		}
	}
	if resp, _ := c.post("/demandes", url.Values{"type": {"visite"}, "titre": {"Visite"}, "uai": {seul}, "campus": {itoa(cmq.ID)}}); resp.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("an animator writes for another unit's school: %d, want 422", resp.StatusCode)
	}
	// A role on the unit granted in another académie writes nothing for it.
	c = newClient(t, srv)
	c.loginAs(autreAcademie)
	if resp, _ := c.post("/demandes", url.Values{"type": {"visite"}, "titre": {"Visite"}, "uai": {e.UAI}}); resp.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("a role on the unit in another académie writes for it: %d, want 422", resp.StatusCode)
	}
}
