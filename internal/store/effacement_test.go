package store_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"cee/internal/model"
	"cee/internal/store"
	"cee/internal/storetest"
)

// rgpdFixture holds two people spread over many tables: A, a CEE with an
// account, and B, a professional of the wider network without one. Each
// carries strings found nowhere else, so a search for them tells whether
// anything of that person is left.
type rgpdFixture struct {
	compteA, conseillerA, proB int64
	stringsA, stringsB         []string
}

func buildRGPD(t *testing.T, s *store.Store) rgpdFixture {
	ctx := context.Background()
	now := day(2025, 9, 1, 0)
	var f rgpdFixture
	f.stringsA = []string{"zorglubov", "aurelienne", "0611223344", "88877766600011", "quintzorg", "zxq", "203.0.113.77"}
	f.stringsB = []string{"quibblefrost", "bartholomew", "0799887766", "qwv"}

	org := mustInsert(t, s, `INSERT INTO organisations (nom, type, created_at, updated_at) VALUES ('U2P Occitanie', 'patronale', $1, $1)`, now)
	f.compteA = mustInsert(t, s, `INSERT INTO comptes (email, nom, statut, password_hash, totp_secret, created_at, updated_at)
		VALUES ('zorglubov@exemple.fr', 'Aurelienne Zorglubov', 'actif', 'hash', 'secret', $1, $1)`, now)
	f.conseillerA = mustInsert(t, s, `INSERT INTO conseillers (academie, civilite, nom, prenom, email, telephone, employeur, siret, statut_pro, naf_section,
		code_commune, nom_commune, departement, organisation_id, recherche, created_at, updated_at)
		VALUES ('16', 'Mme', 'Zorglubov', 'Aurelienne', 'zorglubov@exemple.fr', '0611223344', 'Boulangerie Zorglubov', '88877766600011', 'artisan', 'C',
		'31999', 'Quintzorg', '031', $1, 'zorglubov aurelienne quintzorg', $2, $2)`, org, now)
	mustInsert(t, s, `INSERT INTO habilitations (compte_id, role, academie, ref, created_at) VALUES ($1, 'conseiller', '16', $2, $3)`,
		f.compteA, fmt.Sprint(f.conseillerA), now)
	mustInsert(t, s, `INSERT INTO designations (conseiller_id, organisation_id, academie, etat, mission, debut, fin, avis_commentaire, avis_auteur, courante, created_at, updated_at)
		VALUES ($1, $2, '16', 'active', 'mission-ZXQ-mission', $3, $4, 'avis-ZXQ-avis', 'Inspecteur Durand', TRUE, $5, $5)`,
		f.conseillerA, org, day(2024, 9, 1, 0), day(2027, 9, 1, 0), now)
	mustInsert(t, s, `INSERT INTO conventions (academie, organisation_id, debut, fin, duree_mois, objectifs, etat, created_at, updated_at)
		VALUES ('16', $1, $2, $3, 36, 'Objectifs du réseau', 'signee', $2, $2)`, org, day(2024, 1, 1, 0), day(2027, 1, 1, 0))
	mustExec(t, s, `INSERT INTO sessions (id_hash, compte_id, methode, ip, user_agent, created_at, last_seen_at, expires_at)
		VALUES ('h1', $1, 'lien', '203.0.113.77', 'Agent-ZXQ-ua', $2, $2, $3)`, f.compteA, now, now.Add(time.Hour))
	mustExec(t, s, `INSERT INTO jetons (hash, kind, compte_id, payload, expires_at, created_at) VALUES ('j1', 'lien', $1, '{}', $2, $2)`, f.compteA, now)
	mustExec(t, s, `INSERT INTO jetons (hash, kind, payload, expires_at, created_at) VALUES ('j2', 'invitation', '{"email":"zorglubov@exemple.fr"}', $1, $1)`, now)
	mustInsert(t, s, `INSERT INTO televersements (compte_id, nom, academie, contenu, created_at) VALUES ($1, 'registre-ZXQ.csv', '16', $2, $3)`, f.compteA, []byte("x"), now)

	// A school, its account, and the requests A was solicited for.
	mustExec(t, s, `INSERT INTO etablissements (uai, nom, type, statut, code_commune, nom_commune, departement, academie, created_at, updated_at)
		VALUES ('0310001A', 'Collège Jean Jaurès', 'college', 'public', '31555', 'Toulouse', '031', '16', $1, $1) ON CONFLICT (uai) DO NOTHING`, now)
	ecole := mustInsert(t, s, `INSERT INTO comptes (email, nom, statut, created_at, updated_at) VALUES ('principal@ecole.fr', 'Principal', 'actif', $1, $1)`, now)
	dem := func(titre, contactNom, contactEmail, commentaire string) int64 {
		return mustInsert(t, s, `INSERT INTO demandes (academie, uai, departement, auteur_id, type, titre, contact_nom, contact_email, etat, soumise_le, premier_jour, commentaire, note, created_at, updated_at)
			VALUES ('16', '0310001A', '031', $1, 'intervention', $2, $3, $4, 'cloturee', $5, $6, $7, 4, $5, $5)`,
			ecole, titre, contactNom, contactEmail, day(2025, 10, 1, 8), day(2025, 10, 20, 8), commentaire)
	}
	d1 := dem("Découverte de la boulangerie", "Aurelienne Zorglubov", "zorglubov@exemple.fr", "commentaire-ZXQ-com")
	d2 := dem("Visite d'atelier", "Principal", "principal@ecole.fr", "Très bien")
	sol := func(d int64, c, pro any, etat, motif string) {
		mustInsert(t, s, `INSERT INTO sollicitations (demande_id, conseiller_id, professionnel_id, etat, motif, raisons, expire_le, repondue_le, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, 'proche', $6, $7, $8, $8)`, d, c, pro, etat, motif, day(2025, 10, 12, 8), day(2025, 10, 3, 8), day(2025, 10, 2, 8))
	}
	sol(d1, f.conseillerA, nil, "acceptee", "")
	sol(d2, f.conseillerA, nil, "declinee", "motif-ZXQ-motif")
	mustInsert(t, s, `INSERT INTO interventions (conseiller_id, academie, type, date_action, duree_minutes, uai, eleves, description, demande_id, created_at)
		VALUES ($1, '16', 'intervention', $2, 120, '0310001A', 25, 'compte-rendu-ZXQ-cr', $3, $2)`, f.conseillerA, day(2025, 10, 20, 9), d1)

	// B, a professional who consented, solicited for the second request.
	f.proB = mustInsert(t, s, `INSERT INTO professionnels (academie, conseiller_id, civilite, nom, prenom, email, telephone, entreprise, code_commune, nom_commune, departement,
		interventions, jurys, consent_le, recherche, created_at, updated_at, statut_pro)
		VALUES ('16', $1, 'M.', 'Quibblefrost', 'Bartholomew', 'quibblefrost@exemple.fr', '0799887766', 'Quibblefrost SAS', '31555', 'Toulouse', '031',
		TRUE, TRUE, $2, 'quibblefrost bartholomew', $2, $2, 'artisan')`, f.conseillerA, now)
	sol(d2, nil, f.proB, "acceptee", "motif-QWV-motif")

	// Juries: both sat in the same jury.
	se := mustInsert(t, s, `INSERT INTO sessions_examen (academie, nom, debut, fin, etat, created_at, updated_at) VALUES ('16', 'CAP juin 2026', $1, $2, 'publiee', $3, $3)`,
		day(2026, 6, 1, 0), day(2026, 6, 30, 0), now)
	jury := mustInsert(t, s, `INSERT INTO jurys (session_id, code, specialite, uai, demi_journees, sieges) VALUES ($1, 'J1', '50022104', '0310001A', '2026-06-10M', 2)`, se)
	dispo := func(c, pro any, liens string) int64 {
		return mustInsert(t, s, `INSERT INTO disponibilites_jury (session_id, conseiller_id, professionnel_id, demi_journees, liens, repondu_le, created_at)
			VALUES ($1, $2, $3, '2026-06-10M', $4, $5, $5)`, se, c, pro, liens, now)
	}
	mustInsert(t, s, `INSERT INTO jury_membres (jury_id, disponibilite_id, statut, present) VALUES ($1, $2, 'convoque', TRUE)`, jury, dispo(f.conseillerA, nil, "liens-ZXQ-liens"))
	mustInsert(t, s, `INSERT INTO jury_membres (jury_id, disponibilite_id, statut, present) VALUES ($1, $2, 'convoque', FALSE)`, jury, dispo(nil, f.proB, "liens-QWV-liens"))

	// Animation: an event both registered to (written by the pilote, who
	// names A in its description), an announcement both received.
	ev := mustInsert(t, s, `INSERT INTO evenements (academie, type, titre, description, lieu, debut, fin, etat, created_at, updated_at)
		VALUES ('16', 'reunion', 'Réunion de rentrée', 'Avec le témoignage de Aurelienne Zorglubov', 'Rectorat', $1, $1, 'publie', $2, $2)`, day(2025, 9, 20, 14), now)
	mustInsert(t, s, `INSERT INTO participations (evenement_id, conseiller_id, nom, email, etat, present, created_at, updated_at)
		VALUES ($1, $2, 'Aurelienne Zorglubov', 'zorglubov@exemple.fr', 'inscrit', TRUE, $3, $3)`, ev, f.conseillerA, now)
	mustInsert(t, s, `INSERT INTO participations (evenement_id, professionnel_id, nom, email, etat, present, created_at, updated_at)
		VALUES ($1, $2, 'Bartholomew Quibblefrost', 'quibblefrost@exemple.fr', 'inscrit', TRUE, $3, $3)`, ev, f.proB, now)
	an := mustInsert(t, s, `INSERT INTO annonces (academie, titre, corps, auteur, created_at) VALUES ('16', 'Calendrier', 'Les dates de l''année', 'Pilote', $1)`, now)
	mustInsert(t, s, `INSERT INTO annonce_envois (annonce_id, conseiller_id, nom, email, etat, envoye_le) VALUES ($1, $2, 'Aurelienne Zorglubov', 'zorglubov@exemple.fr', 'envoye', $3)`, an, f.conseillerA, now)
	mustInsert(t, s, `INSERT INTO annonce_envois (annonce_id, professionnel_id, nom, email, etat, envoye_le) VALUES ($1, $2, 'Bartholomew Quibblefrost', 'quibblefrost@exemple.fr', 'envoye', $3)`, an, f.proB, now)
	mustExec(t, s, `INSERT INTO desinscriptions (email, created_at) VALUES ('zorglubov@exemple.fr', $1)`, now)
	// An opinion asked of A by the school, and one A asked for (issue 19 item 4: opinions are A's data too).
	ex := mustInsert(t, s, `INSERT INTO expertises (academie, demandeur_id, demandeur, qualite, sujet, objet, question, echeance, created_at)
		VALUES ('16', $1, 'Principal', 'etablissement', 'ouverture', 'Ouverture d''un CAP', 'Faut-il ouvrir ?', $2, $2)`, ecole, now)
	mustInsert(t, s, `INSERT INTO avis_expertise (expertise_id, conseiller_id, etat, texte, minutes, rendu_le) VALUES ($1, $2, 'rendu', 'Avis-ZXQ-expertise', 90, $3)`, ex, f.conseillerA, now)
	mustInsert(t, s, `INSERT INTO expertises (academie, demandeur_id, demandeur, qualite, sujet, objet, question, echeance, created_at)
		VALUES ('16', $1, 'Aurelienne Zorglubov', 'conseiller', 'cpc', 'Conseil de perfectionnement du lycée Voltaire', 'Question de A', $2, $2)`, f.compteA, now)
	mustInsert(t, s, `INSERT INTO organisation_contacts (organisation_id, nom, fonction, email, telephone, created_at)
		VALUES ($1, 'Aurelienne Zorglubov', 'trésorière', 'zorglubov@exemple.fr', '0611223344', $2)`, org, now)

	// Mails, jobs, journal.
	for _, m := range []struct{ to, name string }{{"zorglubov@exemple.fr", "Aurelienne Zorglubov"}, {"quibblefrost@exemple.fr", "Bartholomew Quibblefrost"}} {
		to, _ := json.Marshal([]string{m.to})
		mustInsert(t, s, `INSERT INTO mails (recipients, subject, text_body, html_body, created_at) VALUES ($1, $2, $3, $4, $5)`,
			string(to), "Bonjour "+m.name, "Bonjour "+m.name+",", "<p>Bonjour "+m.name+"</p>", now)
		payload, _ := json.Marshal(map[string]any{"to": []string{m.to}, "subject": "Sollicitation", "text": "Bonjour " + m.name + " : /reponse/abc"})
		mustInsert(t, s, `INSERT INTO jobs (kind, payload, state, run_at, created_at, updated_at) VALUES ('mail.envoyer', $1, 'pending', $2, $2, $2)`, string(payload), now)
		mustInsert(t, s, `INSERT INTO jobs (kind, payload, state, run_at, created_at, updated_at, ordering_key) VALUES ('mail.envoyer', $1, 'done', $2, $2, $2, $3)`,
			string(payload), now, "mail:"+m.to)
	}
	if _, err := s.EnqueueJob(ctx, store.NewJob{Kind: "mail.envoyer", Payload: map[string]any{"to": []string{"principal@ecole.fr"}, "text": "Réponse de Aurelienne Zorglubov"}}); err != nil {
		t.Fatal(err)
	}
	audit := func(e store.Entree) {
		if err := s.Audit(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
	audit(store.Entree{CompteID: f.compteA, Email: "zorglubov@exemple.fr", IP: "203.0.113.77", Action: store.AuditConnexion, ObjetType: "compte", ObjetID: fmt.Sprint(f.compteA), Detail: "lien"})
	audit(store.Entree{CompteID: ecole, Email: "principal@ecole.fr", Action: store.AuditProfil, ObjetType: "conseiller", ObjetID: fmt.Sprint(f.conseillerA), Academie: "16", Detail: "profil de Aurelienne Zorglubov"})
	audit(store.Entree{Action: store.AuditConsentement, ObjetType: "professionnel", ObjetID: fmt.Sprint(f.proB), Academie: "16", Detail: "accord de Bartholomew Quibblefrost"})
	if tables, err := s.Tables(ctx); err != nil {
		t.Fatal(err)
	} else if _, ok := tables["jetons_api"]; ok {
		var h int64
		if err := s.DB().QueryRowContext(ctx, `SELECT id FROM habilitations WHERE compte_id = $1`, f.compteA).Scan(&h); err != nil {
			t.Fatal(err)
		}
		mustInsert(t, s, `INSERT INTO jetons_api (compte_id, habilitation_id, nom, hash, expires_at, created_at) VALUES ($1, $2, 'jeton-ZXQ-api', 'hz', $3, $3)`, f.compteA, h, now)
	}
	return f
}

// findStrings searches every text column of every table (read from the
// schema, not from a list kept by hand) and returns where each string
// appears, ignoring case.
func findStrings(t *testing.T, s *store.Store, needles []string) []string {
	t.Helper()
	ctx := context.Background()
	tables, err := s.Tables(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(tables) < 30 {
		t.Fatalf("only %d tables read from the schema", len(tables))
	}
	var found []string
	for table, cols := range tables {
		for _, col := range cols {
			for _, n := range needles {
				var count int
				q := fmt.Sprintf(`SELECT COUNT(*) FROM %s WHERE LOWER(CAST(%s AS TEXT)) LIKE $1`, table, col)
				if err := s.DB().QueryRowContext(ctx, q, "%"+strings.ToLower(n)+"%").Scan(&count); err != nil {
					t.Fatalf("%s: %v", q, err)
				}
				if count > 0 {
					found = append(found, fmt.Sprintf("%q in %s.%s (%d)", n, table, col, count))
				}
			}
		}
	}
	return found
}

// figures are every dashboard indicator, read by the functions the
// dashboards use, for the académie and the nation.
func figures(t *testing.T, s *store.Store) []any {
	t.Helper()
	ctx := context.Background()
	now := day(2026, 3, 15, 12)
	var out []any
	for _, f := range []store.IndicateurFilter{{Annee: 2025, Now: now, Academie: "16"}, {Annee: 2025, Now: now}, {Annee: 2025, Now: now, Departement: "031"}} {
		cee, err := s.IndicateursCEE(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		dem, err := s.IndicateursDemandes(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		act, err := s.IndicateursActivite(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		cou, err := s.IndicateursCouverture(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		ch, err := s.IndicateursCharge(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		// The load table lists the CEE by name: the names go, the figures
		// stay (the order by name changes with them).
		for i := range ch.CEE {
			ch.CEE[i].Nom, ch.CEE[i].Prenom = "", ""
		}
		sort.Slice(ch.CEE, func(i, j int) bool { return ch.CEE[i].ID < ch.CEE[j].ID })
		jur, err := s.IndicateursJurys(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, cee, dem, act, cou, ch, jur)
	}
	stats, err := s.StatistiquesPubliques(ctx, 2025, now)
	if err != nil {
		t.Fatal(err)
	}
	return append(out, stats)
}

func exportText(t *testing.T, s *store.Store, p store.Personne) string {
	t.Helper()
	secs, err := s.DonneesPersonne(context.Background(), p)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(secs)
	return strings.ToLower(string(b))
}

func TestDonneesPersonneExport(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		f := buildRGPD(t, s)
		a, err := s.PersonneOfCompte(ctx, f.compteA)
		if err != nil {
			t.Fatal(err)
		}
		if a.ConseillerID != f.conseillerA || a.Academie != "16" || a.Nom != "Aurelienne Zorglubov" {
			t.Fatalf("person A: %+v", a)
		}
		secs, err := s.DonneesPersonne(ctx, a)
		if err != nil {
			t.Fatal(err)
		}
		codes := map[string]bool{}
		for _, sec := range secs {
			codes[sec.Code] = true
		}
		want := []string{"compte", "roles", "sessions", "connexions", "conseiller", "designations", "conventions", "interventions",
			"sollicitations", "demandes", "disponibilites_jury", "jurys", "avis_expertise", "expertises", "evenements", "annonces", "contacts", "desinscriptions",
			"courriels", "journal_par", "journal_sur"}
		for _, c := range want {
			if !codes[c] {
				t.Errorf("export of A lacks the section %q", c)
			}
		}
		text := exportText(t, s, a)
		for _, x := range []string{"mission-zxq-mission", "avis-zxq-avis", "compte-rendu-zxq-cr", "motif-zxq-motif", "commentaire-zxq-com",
			"liens-zxq-liens", "agent-zxq-ua", "avis-zxq-expertise", "conseil de perfectionnement du lycée voltaire", "0611223344", "quintzorg", "objectifs du réseau", "réunion de rentrée", "calendrier", "bonjour aurelienne zorglubov"} {
			if !strings.Contains(text, x) {
				t.Errorf("export of A lacks %q", x)
			}
		}
		for _, x := range f.stringsB {
			if strings.Contains(text, x) {
				t.Errorf("export of A holds %q, which is B's", x)
			}
		}
		if strings.Contains(text, `"secret"`) || strings.Contains(text, `"hash"`) {
			t.Error("export holds a secret")
		}

		b, err := s.PersonneOfEmail(ctx, "Quibblefrost@exemple.fr")
		if err != nil {
			t.Fatal(err)
		}
		if b.ProfessionnelID != f.proB || b.CompteID != 0 {
			t.Fatalf("person B: %+v", b)
		}
		// B's record carries their professional status (migration 0019).
		secsB, err := s.DonneesPersonne(ctx, b)
		if err != nil {
			t.Fatal(err)
		}
		statut := "(absent)"
		for _, sec := range secsB {
			if sec.Code == "professionnel" && len(sec.Lignes) == 1 {
				if i := slices.Index(sec.Colonnes, "statut_pro"); i >= 0 {
					statut = sec.Lignes[0][i]
				}
			}
		}
		if statut != "artisan" {
			t.Errorf("export of B: statut_pro %q, want artisan", statut)
		}
		text = exportText(t, s, b)
		for _, x := range []string{"quibblefrost sas", "0799887766", "motif-qwv-motif", "liens-qwv-liens", "bonjour bartholomew quibblefrost", "accord de bartholomew"} {
			if !strings.Contains(text, x) {
				t.Errorf("export of B lacks %q", x)
			}
		}
		for _, x := range f.stringsA {
			if strings.Contains(text, x) {
				t.Errorf("export of B holds %q, which is A's", x)
			}
		}
		if _, err := s.PersonneOfEmail(ctx, "personne@nulle.part"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("unknown address: %v", err)
		}
	})
}

func TestAnonymiser(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		buildJeuIndicateurs(t, s)
		f := buildRGPD(t, s)
		if found := findStrings(t, s, f.stringsA); len(found) < 15 {
			t.Fatalf("the fixture spreads A over too few columns: %v", found)
		}
		before := figures(t, s)
		a, err := s.PersonneOfCompte(ctx, f.compteA)
		if err != nil {
			t.Fatal(err)
		}
		now := day(2026, 3, 1, 0)
		err = s.InTx(ctx, func(tx *store.Store) error {
			_, err := tx.Anonymiser(ctx, a, now)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		if found := findStrings(t, s, f.stringsA); len(found) > 0 {
			t.Errorf("A is still in the database:\n%s", strings.Join(found, "\n"))
		}
		if found := findStrings(t, s, f.stringsB); len(found) < 8 {
			t.Errorf("B was erased along with A: only %v", found)
		}
		if after := figures(t, s); !reflect.DeepEqual(before, after) {
			t.Errorf("indicators changed:\nbefore %+v\nafter  %+v", before, after)
		}
		var statut string
		var sessions, jetons int
		s.DB().QueryRowContext(ctx, `SELECT statut FROM comptes WHERE id = $1`, f.compteA).Scan(&statut)
		s.DB().QueryRowContext(ctx, `SELECT COUNT(*) FROM sessions WHERE compte_id = $1`, f.compteA).Scan(&sessions)
		s.DB().QueryRowContext(ctx, `SELECT COUNT(*) FROM jetons WHERE compte_id = $1`, f.compteA).Scan(&jetons)
		if statut != string(model.CompteSuspendu) || sessions != 0 || jetons != 0 {
			t.Errorf("account %s, %d sessions, %d tokens", statut, sessions, jetons)
		}
		var pending int
		s.DB().QueryRowContext(ctx, `SELECT COUNT(*) FROM jobs WHERE state = 'pending'`).Scan(&pending)
		if pending != 1 { // B's solicitation mail
			t.Errorf("%d jobs pending, want B's only", pending)
		}

		// Then B, the professional without an account, who holds a
		// consent link; another professional's link stays.
		mustExec(t, s, `INSERT INTO jetons (hash, kind, payload, expires_at, created_at) VALUES ('jb', 'consent', $1, $2, $2)`,
			fmt.Sprintf(`{"Professionnel":%d}`, f.proB), now)
		mustExec(t, s, `INSERT INTO jetons (hash, kind, payload, expires_at, created_at) VALUES ('jo', 'consent', $1, $2, $2)`,
			fmt.Sprintf(`{"Professionnel":%d0}`, f.proB), now)
		b, err := s.PersonneOfProfessionnel(ctx, f.proB)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.InTx(ctx, func(tx *store.Store) error { _, err := tx.Anonymiser(ctx, b, now); return err }); err != nil {
			t.Fatal(err)
		}
		if found := findStrings(t, s, f.stringsB); len(found) > 0 {
			t.Errorf("B is still in the database:\n%s", strings.Join(found, "\n"))
		}
		var links []string
		rows, _ := s.DB().QueryContext(ctx, `SELECT hash FROM jetons WHERE kind = 'consent' ORDER BY hash`)
		for rows.Next() {
			var h string
			rows.Scan(&h)
			links = append(links, h)
		}
		rows.Close()
		if strings.Join(links, ",") != "jo" {
			t.Errorf("consent links left: %v, want only the other professional's", links)
		}
		if after := figures(t, s); !reflect.DeepEqual(before, after) {
			t.Errorf("indicators changed after B:\nbefore %+v\nafter  %+v", before, after)
		}
	})
}

// Withdrawing consent stops at once everything that still solicits the
// professional, and nothing else: not another person's solicitations, not
// a mail of theirs that solicits nothing.
func TestRetraitArreteSollicitations(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		f := buildRGPD(t, s)
		now := day(2025, 9, 1, 0)
		other := mustInsert(t, s, `INSERT INTO professionnels (academie, nom, prenom, email, interventions, consent_le, created_at, updated_at)
			VALUES ('16', 'Autre', 'Paul', 'autre@exemple.fr', TRUE, $1, $1, $1)`, now)
		d := mustInsert(t, s, `INSERT INTO demandes (academie, type, titre, etat, created_at, updated_at) VALUES ('16', 'intervention', 'Forum', 'envoyee', $1, $1)`, now)
		sol := func(pro int64) int64 {
			return mustInsert(t, s, `INSERT INTO sollicitations (demande_id, professionnel_id, etat, expire_le, created_at, updated_at) VALUES ($1, $2, 'envoyee', $3, $3, $3)`, d, pro, now)
		}
		mine, theirs := sol(f.proB), sol(other)
		ev := mustInsert(t, s, `INSERT INTO evenements (academie, type, titre, debut, fin, etat, created_at, updated_at) VALUES ('16', 'forum', 'Forum', $1, $1, 'publie', $1, $1)`, now)
		mustInsert(t, s, `INSERT INTO participations (evenement_id, professionnel_id, email, etat, created_at, updated_at) VALUES ($1, $2, 'quibblefrost@exemple.fr', 'attente', $3, $3)`, ev, f.proB, now)
		se := mustInsert(t, s, `INSERT INTO sessions_examen (academie, nom, debut, fin, etat, created_at, updated_at) VALUES ('16', 'BTS', $1, $1, 'campagne', $1, $1)`, now)
		mustInsert(t, s, `INSERT INTO disponibilites_jury (session_id, professionnel_id, created_at) VALUES ($1, $2, $3)`, se, f.proB, now)
		job := func(kind, to, text string) {
			payload, _ := json.Marshal(map[string]any{"to": []string{to}, "text": text})
			mustInsert(t, s, `INSERT INTO jobs (kind, payload, state, run_at, created_at, updated_at) VALUES ($1, $2, 'pending', $3, $3, $3)`, kind, string(payload), now)
		}
		job("annonces.envoyer", "quibblefrost@exemple.fr", "Nouvelles du réseau — /desinscription/abc")
		job("mail.envoyer", "quibblefrost@exemple.fr", "Pour vous connecter : /connexion/lien/abc")
		job("mail.envoyer", "autre@exemple.fr", "Pouvez-vous venir ? /reponse/def")
		pendingBefore := 0
		s.DB().QueryRowContext(ctx, `SELECT COUNT(*) FROM jobs WHERE state = 'pending'`).Scan(&pendingBefore)

		if err := s.InTx(ctx, func(tx *store.Store) error { return tx.SetConsent(ctx, f.proB, model.Consentement{}, now) }); err != nil {
			t.Fatal(err)
		}
		count := func(q string, args ...any) int {
			var n int
			if err := s.DB().QueryRowContext(ctx, q, args...).Scan(&n); err != nil {
				t.Fatal(err)
			}
			return n
		}
		if n := count(`SELECT COUNT(*) FROM sollicitations WHERE id = $1 AND etat = 'annulee'`, mine); n != 1 {
			t.Error("the professional's solicitation still waits")
		}
		if n := count(`SELECT COUNT(*) FROM sollicitations WHERE id = $1 AND etat = 'envoyee'`, theirs); n != 1 {
			t.Error("another professional's solicitation was cancelled")
		}
		if n := count(`SELECT COUNT(*) FROM participations WHERE professionnel_id = $1 AND etat = 'attente'`, f.proB); n != 0 {
			t.Error("still on an event's waiting list")
		}
		if n := count(`SELECT COUNT(*) FROM disponibilites_jury WHERE professionnel_id = $1 AND repondu_le IS NULL`, f.proB); n != 0 {
			t.Error("an availability request still waits")
		}
		// B's solicitation mail of the fixture and the announcement go;
		// the login link and the other person's mail stay.
		if n := count(`SELECT COUNT(*) FROM jobs WHERE state = 'pending'`); n != pendingBefore-2 {
			t.Errorf("%d jobs pending, want %d", n, pendingBefore-2)
		}
		if n := count(`SELECT COUNT(*) FROM jobs WHERE state = 'pending' AND payload LIKE '%connexion/lien%'`); n != 1 {
			t.Error("a mail that solicits nothing was dropped")
		}
	})
}
