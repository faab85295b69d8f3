package demo

import (
	"context"
	"fmt"
	"hash/fnv"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"cee/internal/model"
	"cee/internal/refdata"
	"cee/internal/store"
)

// Organisations present in every académie, as the real networks are.
var organisationsDemo = []struct {
	nom string
	typ model.TypeOrganisation
}{
	{"MEDEF", model.OrgInterproEmployeurs}, {"CPME", model.OrgInterproEmployeurs}, {"U2P", model.OrgInterproEmployeurs},
	{"CFDT", model.OrgSyndicatSalaries}, {"CGT", model.OrgSyndicatSalaries}, {"FO", model.OrgSyndicatSalaries},
	{"CFE-CGC", model.OrgSyndicatSalaries}, {"CFTC", model.OrgSyndicatSalaries},
	{"UIMM", model.OrgBranche}, {"Fédération française du bâtiment", model.OrgBranche},
	{"Chambre de commerce et d'industrie", model.OrgChambre}, {"Chambre de métiers et de l'artisanat", model.OrgChambre},
	{"Chambre d'agriculture", model.OrgChambre},
}

var prenoms = []string{"Hélène", "Nicolas", "Sophie", "Karim", "Julie", "Thomas", "Camille", "Mehdi", "Anne", "Julien",
	"Isabelle", "François", "Nathalie", "Laurent", "Émilie", "Sébastien", "Fatima", "Olivier", "Chloé", "Pierre",
	"Sandrine", "Yannick", "Léa", "Éric", "Aurélie", "Stéphane", "Inès", "Christophe", "Manon", "Jérôme"}

// prenomsFeminins are the first names of prenoms borne by women: the
// civility agrees with them (never « Mme Éric »).
var prenomsFeminins = []string{"Hélène", "Sophie", "Julie", "Camille", "Anne", "Isabelle", "Nathalie", "Émilie", "Fatima", "Chloé",
	"Sandrine", "Léa", "Aurélie", "Inès", "Manon"}

// civiliteDe is the civility that agrees with prenom. tirage is the
// civility drawn before it was checked: drawing it still keeps the rest of
// the data set the same for a seed; it decides only for an epicene first
// name (Camille).
func civiliteDe(prenom, tirage string) string {
	switch {
	case prenom == "Camille":
		return tirage
	case slices.Contains(prenomsFeminins, prenom):
		return "Mme"
	}
	return "M."
}

var noms = []string{"Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy", "Moreau",
	"Simon", "Laurent", "Lefèvre", "Michel", "Garcia", "David", "Bertrand", "Roux", "Vincent", "Fournier",
	"Morel", "Girard", "André", "Mercier", "Dupont", "Lambert", "Bonnet", "François", "Martinez", "Benali",
	"Nguyen", "Faure", "Rousseau", "Blanc", "Guérin", "Muller", "Henry", "Roussel", "Nicolas", "Perrin",
	"Cœurdevey", "Lemaître", "Fabre", "Chevalier", "Gauthier", "Da Silva", "Boyer", "Garnier", "Ferrand", "Aubert"}

// metiers pairs a NAF sous-classe with employer names that fit it.
var metiers = []struct{ naf, prefixe, metier string }{
	{"43.21A", "Électricité", "électricien"}, {"43.22A", "Plomberie", "plombier chauffagiste"}, {"10.71C", "Boulangerie", "boulanger"},
	{"56.10A", "Restaurant", "cuisinier"}, {"45.20A", "Garage", "mécanicien automobile"}, {"96.02A", "Salon de coiffure", "coiffeur"},
	{"41.20A", "Bâtiment", "maçon"}, {"62.01Z", "Informatique", "développeur"}, {"25.62B", "Mécanique de précision", "technicien d'usinage"},
	{"49.41A", "Transports", "conducteur routier"}, {"47.11D", "Supermarché", "employé de commerce"}, {"86.10Z", "Clinique", "aide-soignant"},
	{"16.23Z", "Menuiserie", "menuisier"}, {"52.10B", "Logistique", "agent logistique"}, {"01.11Z", "Exploitation agricole", "agriculteur"},
	{"71.12B", "Bureau d'études", "dessinateur projeteur"},
}

// langues spoken besides French by some demo CEE (one in three).
var langues = [][]string{nil, {"anglais"}, nil, {"espagnol"}, nil, {"anglais", "allemand"}, nil, {"occitan"}, nil}

// profilDemo completes a demo CEE's profile from what was drawn, without
// drawing more (so the rest of the data set stays the same for a seed).
func profilDemo(c *model.Conseiller, metier string, i int) {
	c.Metiers = []string{metier}
	for _, f := range refdata.FamillesMetiers() {
		for _, sp := range c.Specialites {
			if slices.Contains(f.Specialites, sp) && !slices.Contains(c.Familles, f.Code) {
				c.Familles = append(c.Familles, f.Code)
			}
		}
	}
	c.Langues = langues[i%len(langues)]
	c.Dispo.MaxParMois = 2 + i%4
	if i%5 == 0 { // some say how far they go; the others take the académie's
		c.Dispo.DistanceMaxKm = 30 + 10*(i%4)
	}
	if i%3 == 0 {
		c.Dispo.Jours = []time.Weekday{time.Monday, time.Tuesday, time.Thursday}
	}
}

// reseau creates the organisations of the académies and their CEE, with
// designations in every state of the lifecycle.
func reseau(ctx context.Context, s *store.Store, rng *rand.Rand, academies []refdata.Academie, perAcademie, prosPerCEE int, progress func(string, int, int)) (orgs, cees, pros int, err error) {
	diplomes := openDiplomes()
	total := perAcademie * len(academies)
	done := 0
	now := time.Now().UTC().Truncate(24 * time.Hour)
	// The confederation heading its organisations of every académie: its
	// tête de réseau reads their CEE across académies.
	tete, err := s.CreateOrganisation(ctx, model.Organisation{Nom: teteReseauDemo, Type: model.OrgSyndicatSalaries, Niveau: "national"})
	if err != nil {
		return 0, 0, 0, err
	}
	orgs++
	for _, a := range academies {
		var orgIDs []int64
		var orgNoms []string
		for _, o := range organisationsDemo {
			var parent int64
			if o.nom == teteReseauDemo {
				parent = tete
			}
			id, err := s.CreateOrganisation(ctx, model.Organisation{Nom: o.nom + " " + a.Nom, Type: o.typ, Niveau: "regional", Academies: []string{a.Code}, ParentID: parent})
			if err != nil {
				return 0, 0, 0, err
			}
			orgIDs, orgNoms = append(orgIDs, id), append(orgNoms, o.nom+" "+a.Nom)
			orgs++
		}
		if err := conventionsDemo(ctx, s, a.Code, orgIDs, now); err != nil {
			return 0, 0, 0, err
		}
		deps := refdata.DepartementsOfAcademie(a.Code)
		err := s.InTx(ctx, func(tx *store.Store) error {
			for i := 0; i < perAcademie; i++ {
				dep := deps[rng.IntN(len(deps))]
				communes := withCoords(refdata.CommunesOfDepartement(dep.Code))
				if len(communes) == 0 {
					continue
				}
				cm := communes[rng.IntN(len(communes))]
				m := metiers[rng.IntN(len(metiers))]
				prenom, nom := pick(rng, prenoms), pick(rng, noms)
				k := rng.IntN(len(orgIDs))
				c := model.Conseiller{
					Academie: a.Code, Civilite: civiliteDe(prenom, pick(rng, []string{"M.", "Mme"})), Nom: nom, Prenom: prenom,
					Email:     fmt.Sprintf("%s.%s.%d@%s", asciiLocal(prenom), asciiLocal(nom), cees+1, DomaineDemo),
					Telephone: fmt.Sprintf("06 %02d %02d %02d %02d", rng.IntN(100), rng.IntN(100), rng.IntN(100), rng.IntN(100)),
					Employeur: m.prefixe + " " + pick(rng, noms), StatutPro: pick(rng, []model.StatutPro{model.StatutEmployeur, model.StatutSalarie, model.StatutArtisan}),
					CodeNAF: m.naf, CodeCommune: cm.CodeINSEE, NomCommune: cm.Nom, Departement: dep.Code,
					OrganisationID: orgIDs[k], Organisation: orgNoms[k],
				}
				for j := 0; j < 1+rng.IntN(3); j++ {
					c.Specialites = append(c.Specialites, diplomes[rng.IntN(len(diplomes))])
				}
				profilDemo(&c, m.metier, cees)
				id, _, err := tx.SaveConseiller(ctx, c)
				if err != nil {
					return err
				}
				d := designationDemo(rng, id, orgIDs[k], a.Code, now)
				if d.ID, err = tx.CreateDesignation(ctx, d); err != nil {
					return err
				}
				if err := mandatDemo(ctx, tx, c, d); err != nil {
					return err
				}
				for j := 0; j < prosPerCEE; j++ {
					if err := professionnelDemo(ctx, tx, rng, id, c.Specialites, a.Code, communes, pros+1, now); err != nil {
						return err
					}
					pros++
				}
				cees++
				done++
			}
			return nil
		})
		if err != nil {
			return 0, 0, 0, err
		}
		if progress != nil {
			progress("conseillers et professionnels", done, total)
		}
	}
	if len(academies) == 1 {
		n, err := reseauVoisin(ctx, s, tete, academies[0].Code, now)
		if err != nil {
			return 0, 0, 0, err
		}
		orgs, cees = orgs+1, cees+n
	}
	return orgs, cees, pros, nil
}

// teteReseauDemo is the organisation whose tête de réseau the demo shows.
const teteReseauDemo = "CFDT"

// AcademieVoisine is the second académie of the small demo: only the
// tête de réseau's member there and its CEE, so that the tête de réseau
// reads a network spanning two académies (and the académie's pilote none of it).
const AcademieVoisine = "04"

// reseauVoisin adds, next to the one académie of the small demo, the tête
// de réseau's member organisation of AcademieVoisine with a signed
// convention in force and three CEE in mandate. It returns how many CEE.
func reseauVoisin(ctx context.Context, s *store.Store, tete int64, academie string, now time.Time) (int, error) {
	if academie == AcademieVoisine {
		return 0, nil
	}
	a, _ := refdata.AcademieByCode(AcademieVoisine)
	nom := teteReseauDemo + " " + a.Nom
	org, err := s.CreateOrganisation(ctx, model.Organisation{Nom: nom, Type: model.OrgSyndicatSalaries, Niveau: "regional", Academies: []string{a.Code}, ParentID: tete})
	if err != nil {
		return 0, err
	}
	if err := conventionsDemo(ctx, s, a.Code, []int64{org}, now); err != nil {
		return 0, err
	}
	dep := refdata.DepartementsOfAcademie(a.Code)[0]
	communes := withCoords(refdata.CommunesOfDepartement(dep.Code))
	gens := []struct{ civilite, prenom, nom string }{{"Mme", "Sandrine", "Lambert"}, {"M.", "Yannick", "Fabre"}, {"Mme", "Inès", "Aubert"}}
	err = s.InTx(ctx, func(tx *store.Store) error {
		for i, g := range gens {
			cm := communes[i%len(communes)]
			m := metiers[i]
			c := model.Conseiller{Academie: a.Code, Civilite: g.civilite, Prenom: g.prenom, Nom: g.nom,
				Email:     fmt.Sprintf("%s.%s.%s@%s", asciiLocal(g.prenom), asciiLocal(g.nom), a.Code, DomaineDemo),
				Employeur: m.prefixe + " " + g.nom, StatutPro: model.StatutSalarie, CodeNAF: m.naf, CodeCommune: cm.CodeINSEE, NomCommune: cm.Nom,
				Departement: dep.Code, OrganisationID: org, Organisation: nom}
			profilDemo(&c, m.metier, i)
			id, _, err := tx.SaveConseiller(ctx, c)
			if err != nil {
				return err
			}
			debut := now.AddDate(-1, 0, -30*i)
			fin, arrete := debut.AddDate(3, 0, -1), debut.AddDate(0, 0, -15)
			d := model.Designation{ConseillerID: id, OrganisationID: org, Academie: a.Code, Etat: model.DesignationActive, Mission: "Jurys d'examens professionnels",
				NumeroArrete: fmt.Sprintf("%d-%04d", arrete.Year(), id), DateArrete: &arrete, Debut: &debut, Fin: &fin}
			if d.ID, err = tx.CreateDesignation(ctx, d); err != nil {
				return err
			}
			if err := mandatDemo(ctx, tx, c, d); err != nil {
				return err
			}
		}
		return nil
	})
	return len(gens), err
}

// professionnelDemo adds a professional of a CEE's network: four in five
// have consented, each to a few purposes. Those who agreed to sit in juries
// can examine their CEE's specialities (a CEE's network is their trade's),
// given without drawing more, so that the rest of the data set stays the
// same for a seed.
func professionnelDemo(ctx context.Context, tx *store.Store, rng *rand.Rand, cee int64, specialites []string, academie string, communes []refdata.Commune, n int, now time.Time) error {
	cm := communes[rng.IntN(len(communes))]
	m := metiers[rng.IntN(len(metiers))]
	prenom, nom := pick(rng, prenoms), pick(rng, noms)
	p := model.Professionnel{Academie: academie, ConseillerID: cee, Civilite: civiliteDe(prenom, pick(rng, []string{"M.", "Mme"})), Nom: nom, Prenom: prenom,
		Email:      fmt.Sprintf("pro.%s.%s.%d@%s", asciiLocal(prenom), asciiLocal(nom), n, DomaineDemo),
		Entreprise: m.prefixe + " " + pick(rng, noms), CodeNAF: m.naf, CodeCommune: cm.CodeINSEE, NomCommune: cm.Nom, Departement: cm.Departement}
	p.StatutPro = statutDemo(p.Email, m.naf)
	if rng.Float64() < 0.8 {
		p.Consent = model.Consentement{Interventions: rng.Float64() < 0.7, Visites: rng.Float64() < 0.5, Stages: rng.Float64() < 0.5, Jurys: rng.Float64() < 0.3}
		if !p.Consent.Any() {
			p.Consent.Interventions = true
		}
		le := now.AddDate(0, 0, -rng.IntN(700))
		p.ConsentLe = &le
		if n%4 == 0 { // some set their own limits; the others take the académie's
			p.Consent.MaxParMois, p.Consent.DistanceMaxKm = 1+n%3, 25+5*(n%5)
		}
	}
	id, err := tx.CreateProfessionnel(ctx, p)
	if err != nil || !p.Consent.Jurys {
		return err
	}
	return tx.SetSpecialitesProfessionnel(ctx, id, specialites)
}

// artisanat are the NAF codes of the demo's trades where a professional
// may be an artisan.
var artisanat = []string{"43.21A", "43.22A", "10.71C", "56.10A", "45.20A", "96.02A", "41.20A", "16.23Z"}

// statutDemo is a demo professional's status: seven in ten employees, the
// others employers, artisans in the trades, a few « autre » and a few
// unknown (invited before the status was asked). It is read from what was
// already drawn (the address), not drawn, so that the rest of the data set
// stays the same for a seed.
func statutDemo(email, naf string) model.StatutPro {
	h := fnv.New32a()
	h.Write([]byte(email))
	switch r := h.Sum32() % 100; {
	case r < 70:
		return model.StatutSalarie
	case r < 82:
		return model.StatutEmployeur
	case r < 92:
		if slices.Contains(artisanat, naf) {
			return model.StatutArtisan
		}
		return model.StatutEmployeur
	case r < 96:
		return model.StatutAutre
	}
	return ""
}

// designationDemo draws a designation: most mandates running, some ending
// soon, a few in each other state.
func designationDemo(rng *rand.Rand, conseiller, org int64, academie string, now time.Time) model.Designation {
	d := model.Designation{ConseillerID: conseiller, OrganisationID: org, Academie: academie,
		Mission: pick(rng, []string{"Découverte des métiers et parcours Avenir", "Jurys d'examens professionnels",
			"Relations avec les lycées professionnels et le pôle de stages", "Conseil sur la carte des formations"})}
	r := rng.Float64()
	debut := now.AddDate(0, -rng.IntN(34), -rng.IntN(28))
	fin := debut.AddDate(3, 0, -1)
	arrete := debut.AddDate(0, 0, -15)
	d.Debut, d.Fin, d.DateArrete = &debut, &fin, &arrete
	// One number per arrêté in the académie (the CEE's id makes it unique);
	// the draw stays, so that the rest of the data set is the same for a seed.
	_ = rng.IntN(400)
	d.NumeroArrete = fmt.Sprintf("%d-%04d", arrete.Year(), conseiller)
	switch {
	case r < 0.68:
		d.Etat = model.DesignationActive
	case r < 0.74:
		d.Etat = model.DesignationDesignee
		debut = now.AddDate(0, 0, 10+rng.IntN(60))
		fin = debut.AddDate(3, 0, -1)
	case r < 0.80:
		d.Etat = model.DesignationRenouvellement
		fin = now.AddDate(0, 0, 5+rng.IntN(80))
	case r < 0.86:
		d.Etat = model.DesignationProposee
		d.Debut, d.Fin, d.DateArrete, d.NumeroArrete = nil, nil, nil, ""
	case r < 0.91:
		d.Etat = model.DesignationEnInstruction
		d.Debut, d.Fin, d.DateArrete, d.NumeroArrete = nil, nil, nil, ""
	case r < 0.97:
		d.Etat = model.DesignationTerminee
		fin = now.AddDate(0, -rng.IntN(12), 0)
		d.MotifFin = pick(rng, model.MotifsFin())
	case r < 0.99:
		d.Etat = model.DesignationRejetee
		d.Debut, d.Fin, d.DateArrete, d.NumeroArrete = nil, nil, nil, ""
	default:
		d.Etat = model.DesignationRetiree
		d.Debut, d.Fin, d.DateArrete, d.NumeroArrete = nil, nil, nil, ""
	}
	return d
}

func openDiplomes() []string {
	var out []string
	for _, d := range refdata.Diplomes() {
		if d.Ouvert && (d.Type == "CAP" || d.Type == "BAC PRO" || d.Type == "BTS") {
			out = append(out, d.Code)
		}
	}
	return out
}

// asciiLocal makes an e-mail local part from a name.
func asciiLocal(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(model.Fold(s), " ", "-"), "'", "")
}

// mandatDemo records the mandate of a designation that has its arrêté, as
// the migration of existing data does: one per designation.
func mandatDemo(ctx context.Context, tx *store.Store, c model.Conseiller, d model.Designation) error {
	if d.NumeroArrete == "" || d.Debut == nil || d.Fin == nil || d.DateArrete == nil {
		return nil
	}
	_, err := tx.CreateMandat(ctx, model.Mandat{ConseillerID: d.ConseillerID, DesignationID: d.ID, Academie: d.Academie, OrganisationID: d.OrganisationID,
		Organisation: c.Organisation, Mission: d.Mission, Territoire: c.Territoire, NumeroArrete: d.NumeroArrete, DateArrete: *d.DateArrete,
		Debut: *d.Debut, Fin: *d.Fin})
	return err
}

// conventionSansDemo is the organisation left without a convention, so
// that the pilote's list of organisations with CEE and no convention in
// force, and the override of a designation, show.
const conventionSansDemo = "Chambre d'agriculture"

// conventionsDemo gives each organisation of an académie a signed
// convention in force since the last school year began, with objectives;
// the first one also an expired one before it; one organisation none.
func conventionsDemo(ctx context.Context, s *store.Store, academie string, orgIDs []int64, now time.Time) error {
	rentree := time.Date(now.Year()-1, time.September, 1, 0, 0, 0, 0, time.UTC)
	if now.Month() < time.September {
		rentree = rentree.AddDate(-1, 0, 0)
	}
	for k, id := range orgIDs {
		if organisationsDemo[k].nom == conventionSansDemo {
			continue
		}
		if k == 0 {
			old := rentree.AddDate(-3, 0, 0)
			signee := old.AddDate(0, 0, -30)
			if _, err := s.CreateConvention(ctx, model.Convention{Academie: academie, OrganisationID: id, Reference: fmt.Sprintf("CONV-%s-%d-%02d", academie, old.Year(), k+1),
				Debut: old, DureeMois: model.DureeConventionMois, Etat: model.ConventionExpiree, SigneeLe: &signee, ObjectifCEE: 4, PartEmployeurs: 50}); err != nil {
				return err
			}
		}
		cid, err := s.CreateConvention(ctx, model.Convention{Academie: academie, OrganisationID: id, Reference: fmt.Sprintf("CONV-%s-%d-%02d", academie, rentree.Year(), k+1),
			Debut: rentree, DureeMois: model.DureeConventionMois, ObjectifCEE: 3 + k%4, PartEmployeurs: []int{60, 50, 40}[k%3],
			ObjectifSecteurs: []string{"Industrie, BTP", "Commerce, services", "Artisanat, alimentation"}[k%3],
			Objectifs:        "Participer aux jurys des examens professionnels et à la découverte des métiers au collège."})
		if err != nil {
			return err
		}
		if err := s.SignConvention(ctx, cid, rentree.AddDate(0, 0, -20), "convention-signee.pdf", []byte("%PDF-1.4\n% convention signée (démonstration)\n")); err != nil {
			return err
		}
	}
	return nil
}
