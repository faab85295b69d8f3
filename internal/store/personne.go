package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Personne is everything one person is in the database: an account, a CEE
// record, a professional's record, each optional, tied together by the
// account's roles and by the e-mail address. The export of their data
// (RGPD art. 15) and their anonymisation (art. 17) both start from it.
type Personne struct {
	CompteID        int64
	ConseillerID    int64
	ProfessionnelID int64
	Emails          []string // lower case
	Nom             string   // « Prénom Nom », for the pilote's list
	Academie        string
}

// Vide tells whether nobody was found.
func (p Personne) Vide() bool {
	return p.CompteID == 0 && p.ConseillerID == 0 && p.ProfessionnelID == 0
}

// PersonneOfCompte finds the person behind an account.
func (s *Store) PersonneOfCompte(ctx context.Context, id int64) (_ Personne, err error) {
	defer wrap(&err, "PersonneOfCompte %d", id)
	return s.completePersonne(ctx, Personne{CompteID: id})
}

// PersonneOfConseiller finds the person behind a CEE record.
func (s *Store) PersonneOfConseiller(ctx context.Context, id int64) (_ Personne, err error) {
	defer wrap(&err, "PersonneOfConseiller %d", id)
	return s.completePersonne(ctx, Personne{ConseillerID: id})
}

// PersonneOfProfessionnel finds the person behind a professional's record.
func (s *Store) PersonneOfProfessionnel(ctx context.Context, id int64) (_ Personne, err error) {
	defer wrap(&err, "PersonneOfProfessionnel %d", id)
	return s.completePersonne(ctx, Personne{ProfessionnelID: id})
}

// PersonneOfEmail finds the person an address belongs to; ErrNotFound when
// it is nobody's.
func (s *Store) PersonneOfEmail(ctx context.Context, email string) (_ Personne, err error) {
	defer wrap(&err, "PersonneOfEmail %s", email)
	p, err := s.completePersonne(ctx, Personne{Emails: []string{strings.ToLower(email)}})
	if err == nil && p.Vide() {
		err = ErrNotFound
	}
	return p, err
}

// completePersonne follows the links from what is known (ids, addresses)
// to the rest until nothing new appears: an account's roles name its CEE or
// professional record, and records and accounts share addresses.
func (s *Store) completePersonne(ctx context.Context, p Personne) (Personne, error) {
	for range 3 {
		before := fmt.Sprint(p)
		if p.CompteID != 0 {
			var email, nom string
			err := s.q.QueryRowContext(ctx, `SELECT email, nom FROM comptes WHERE id = $1`, p.CompteID).Scan(&email, &nom)
			if errors.Is(err, sql.ErrNoRows) {
				return p, ErrNotFound
			} else if err != nil {
				return p, err
			}
			p.addEmail(email)
			if p.Nom == "" {
				p.Nom = nom
			}
			rows, err := s.q.QueryContext(ctx, `SELECT role, ref, academie FROM habilitations WHERE compte_id = $1 AND role IN ('conseiller', 'professionnel') ORDER BY id`, p.CompteID)
			if err != nil {
				return p, err
			}
			for rows.Next() {
				var role, ref, acad string
				if err := rows.Scan(&role, &ref, &acad); err != nil {
					rows.Close()
					return p, err
				}
				id, _ := strconv.ParseInt(ref, 10, 64)
				switch {
				case role == "conseiller" && p.ConseillerID == 0:
					p.ConseillerID = id
				case role == "professionnel" && p.ProfessionnelID == 0:
					p.ProfessionnelID = id
				}
			}
			rows.Close()
			var academie string
			if err := s.q.QueryRowContext(ctx, `SELECT COALESCE(MIN(academie), '') FROM habilitations WHERE compte_id = $1 AND academie <> ''`, p.CompteID).Scan(&academie); err != nil {
				return p, err
			}
			if p.Academie == "" {
				p.Academie = academie
			}
		}
		for _, t := range []struct {
			table string
			id    *int64
		}{{"conseillers", &p.ConseillerID}, {"professionnels", &p.ProfessionnelID}} {
			if *t.id != 0 {
				var email, nom, prenom, academie string
				err := s.q.QueryRowContext(ctx, `SELECT email, nom, prenom, academie FROM `+t.table+` WHERE id = $1`, *t.id).Scan(&email, &nom, &prenom, &academie)
				if errors.Is(err, sql.ErrNoRows) {
					return p, ErrNotFound
				} else if err != nil {
					return p, err
				}
				p.addEmail(email)
				p.Nom = strings.TrimSpace(prenom + " " + nom)
				p.Academie = academie
				continue
			}
			for _, e := range p.Emails {
				err := s.q.QueryRowContext(ctx, `SELECT id FROM `+t.table+` WHERE email = $1`, e).Scan(t.id)
				if err != nil && !errors.Is(err, sql.ErrNoRows) {
					return p, err
				}
				if *t.id != 0 {
					break
				}
			}
		}
		if p.CompteID == 0 {
			for _, h := range []struct {
				role string
				id   int64
			}{{"conseiller", p.ConseillerID}, {"professionnel", p.ProfessionnelID}} {
				if h.id == 0 || p.CompteID != 0 {
					continue
				}
				err := s.q.QueryRowContext(ctx, `SELECT compte_id FROM habilitations WHERE role = $1 AND ref = $2 ORDER BY id LIMIT 1`,
					h.role, strconv.FormatInt(h.id, 10)).Scan(&p.CompteID)
				if err != nil && !errors.Is(err, sql.ErrNoRows) {
					return p, err
				}
			}
		}
		if p.CompteID == 0 {
			for _, e := range p.Emails {
				err := s.q.QueryRowContext(ctx, `SELECT id FROM comptes WHERE email = $1`, e).Scan(&p.CompteID)
				if err != nil && !errors.Is(err, sql.ErrNoRows) {
					return p, err
				}
				if p.CompteID != 0 {
					break
				}
			}
		}
		if fmt.Sprint(p) == before {
			break
		}
	}
	return p, nil
}

func (p *Personne) addEmail(e string) {
	e = strings.ToLower(strings.TrimSpace(e))
	if e == "" {
		return
	}
	for _, x := range p.Emails {
		if x == e {
			return
		}
	}
	p.Emails = append(p.Emails, e)
}

// bind turns a query written with the person's names (:compte,
// :conseiller, :professionnel, the same as text :compte_t…, and :emails for
// the list of addresses) into placeholders and arguments. PostgreSQL
// refuses unused arguments, so each query gets exactly the ones it names.
func (p Personne) bind(q string, extra ...any) (string, []any) {
	args := append([]any(nil), extra...)
	emails := p.Emails
	if len(emails) == 0 {
		emails = []string{"\x00"} // matches no address
	}
	names := map[string]string{}
	value := func(name string) any {
		switch name {
		case ":compte":
			return p.CompteID
		case ":conseiller":
			return p.ConseillerID
		case ":professionnel":
			return p.ProfessionnelID
		case ":compte_t":
			return strconv.FormatInt(p.CompteID, 10)
		case ":conseiller_t":
			return strconv.FormatInt(p.ConseillerID, 10)
		case ":professionnel_t":
			return strconv.FormatInt(p.ProfessionnelID, 10)
		}
		return nil
	}
	var b strings.Builder
	for i := 0; i < len(q); {
		if q[i] != ':' {
			b.WriteByte(q[i])
			i++
			continue
		}
		j := i + 1
		for j < len(q) && (q[j] == '_' || q[j] >= 'a' && q[j] <= 'z') {
			j++
		}
		name := q[i:j]
		if name == ":emails" {
			var ph []string
			for _, e := range emails {
				args = append(args, e)
				ph = append(ph, "$"+strconv.Itoa(len(args)))
			}
			b.WriteString(strings.Join(ph, ", "))
		} else if v := value(name); v != nil {
			if names[name] == "" {
				args = append(args, v)
				names[name] = "$" + strconv.Itoa(len(args))
			}
			b.WriteString(names[name])
		} else {
			b.WriteString(name)
		}
		i = j
	}
	return b.String(), args
}

// Section is one kind of data held about a person, as rows of text.
type Section struct {
	Code     string     `json:"code"`
	Titre    string     `json:"titre"`
	Colonnes []string   `json:"colonnes"`
	Lignes   [][]string `json:"lignes"`
}

// sectionDef says how to read one section. Secrets (password hashes, TOTP
// secrets, token hashes) are never selected: they are not data about the
// person, and exporting them would weaken the account.
type sectionDef struct {
	code, titre, table, query string
}

var sectionsPersonne = []sectionDef{
	{"compte", "Compte", "comptes", `SELECT id, email, nom, statut, totp_actif AS double_authentification, resume, derniere_connexion, created_at, anonymise_le FROM comptes WHERE id = :compte`},
	{"roles", "Rôles et périmètres", "habilitations", `SELECT role, academie, ref, created_at FROM habilitations WHERE compte_id = :compte ORDER BY id`},
	{"sessions", "Sessions (les 20 dernières)", "sessions", `SELECT methode, ip, user_agent, created_at, last_seen_at, expires_at FROM sessions WHERE compte_id = :compte ORDER BY created_at DESC LIMIT 20`},
	{"connexions", "Connexions (les 50 dernières)", "journal", `SELECT at, action, ip, detail FROM journal WHERE compte_id = :compte AND action IN ('connexion', 'echec_connexion', 'deconnexion') ORDER BY id DESC LIMIT 50`},
	{"notifications", "Notifications (les 100 dernières)", "notifications", `SELECT sujet, texte, lien, created_at, lue_le FROM notifications WHERE compte_id = :compte ORDER BY created_at DESC, id DESC LIMIT 100`},
	{"jetons_api", "Jetons d'API", "jetons_api", `SELECT nom, lecture_seule, expires_at, revoque_le, dernier_usage, created_at FROM jetons_api WHERE compte_id = :compte ORDER BY id`},
	{"conseiller", "Fiche de conseiller entreprises pour l'École", "conseillers", `SELECT id, academie, civilite, nom, prenom, email, telephone, telephone_masque, employeur, siret, statut_pro, code_naf, secteur,
		code_commune, nom_commune, departement, territoire, specialites, familles, metiers, langues, jours, max_sollicitations, en_pause, created_at, updated_at, anonymise_le
		FROM conseillers WHERE id = :conseiller`},
	{"designations", "Désignations et mandats", "designations", `SELECT d.id, d.academie, o.nom AS organisation, d.etat, d.mission, d.numero_arrete, d.date_arrete, d.debut, d.fin, d.motif_fin,
		d.avis, d.avis_commentaire, d.avis_le, d.created_at FROM designations d LEFT JOIN organisations o ON o.id = d.organisation_id
		WHERE d.conseiller_id = :conseiller ORDER BY d.id`},
	{"mandats", "Historique des mandats (un par arrêté)", "mandats", `SELECT id, academie, organisation, mission, territoire, numero_arrete, date_arrete, debut, fin, renouvellement, collectif, derogation, created_at
		FROM mandats WHERE conseiller_id = :conseiller ORDER BY debut, id`},
	{"indisponibilites", "Périodes d'indisponibilité", "indisponibilites", `SELECT debut, fin FROM indisponibilites WHERE conseiller_id = :conseiller ORDER BY debut`},
	{"conventions", "Conventions de vos organisations (D.331-66)", "conventions", `SELECT cv.id, o.nom AS organisation, cv.academie, cv.debut, cv.fin, cv.etat, cv.objectifs FROM conventions cv
		JOIN organisations o ON o.id = cv.organisation_id
		WHERE cv.organisation_id IN (SELECT organisation_id FROM designations WHERE conseiller_id = :conseiller) ORDER BY cv.debut`},
	{"interventions", "Actions et comptes rendus", "interventions", `SELECT id, type, date_action, duree_minutes, uai, eleves, niveaux, professionnels, description, demande_id, created_at
		FROM interventions WHERE conseiller_id = :conseiller ORDER BY date_action`},
	{"sollicitations", "Sollicitations reçues et vos réponses", "sollicitations", `SELECT s.id, s.demande_id, d.titre AS demande, d.uai, s.etat, s.motif, s.relances, s.expire_le, s.repondue_le, s.created_at
		FROM sollicitations s JOIN demandes d ON d.id = s.demande_id
		WHERE s.conseiller_id = :conseiller OR s.professionnel_id = :professionnel ORDER BY s.id`},
	{"demandes", "Demandes que vous avez écrites ou dont vous êtes le contact", "demandes", `SELECT id, academie, uai, type, titre, description, lieu, contact_nom, contact_email, contact_telephone, etat, note, commentaire, created_at
		FROM demandes WHERE auteur_id = :compte OR LOWER(contact_email) IN (:emails) ORDER BY id`},
	{"professionnel", "Fiche de professionnel et accord", "professionnels", `SELECT id, academie, civilite, nom, prenom, email, telephone, entreprise, statut_pro, specialites, code_naf, code_commune, nom_commune, departement,
		interventions, visites, stages, jurys, consent_le, created_at, updated_at, anonymise_le FROM professionnels WHERE id = :professionnel`},
	{"disponibilites_jury", "Disponibilités pour les jurys", "disponibilites_jury", `SELECT dj.id, se.nom AS session, dj.specialites, dj.demi_journees, dj.max_demi_journees, dj.max_km, dj.liens, dj.repondu_le, dj.created_at
		FROM disponibilites_jury dj JOIN sessions_examen se ON se.id = dj.session_id
		WHERE dj.conseiller_id = :conseiller OR dj.professionnel_id = :professionnel ORDER BY dj.id`},
	{"jurys", "Jurys : composition et présence", "jury_membres", `SELECT j.code, j.specialite, j.uai, j.demi_journees, m.statut, m.present
		FROM jury_membres m JOIN jurys j ON j.id = m.jury_id JOIN disponibilites_jury dj ON dj.id = m.disponibilite_id
		WHERE dj.conseiller_id = :conseiller OR dj.professionnel_id = :professionnel ORDER BY m.id`},
	{"avis_expertise", "Avis d'expertise demandés et rendus", "avis_expertise", `SELECT e.sujet, e.objet, e.question, e.echeance, a.etat, a.texte, a.minutes, a.fichier_nom, a.rendu_le
		FROM avis_expertise a JOIN expertises e ON e.id = a.expertise_id WHERE a.conseiller_id = :conseiller ORDER BY e.id`},
	{"expertises", "Avis d'expertise que vous avez demandés", "expertises", `SELECT id, academie, qualite, uai, sujet, objet, question, echeance, created_at
		FROM expertises WHERE demandeur_id = :compte ORDER BY id`},
	{"evenements", "Événements du réseau", "participations", `SELECT e.titre, e.debut, e.lieu, p.nom, p.email, p.etat, p.present, p.inscrit_le
		FROM participations p JOIN evenements e ON e.id = p.evenement_id
		WHERE p.conseiller_id = :conseiller OR p.professionnel_id = :professionnel OR LOWER(p.email) IN (:emails) ORDER BY e.debut`},
	{"annonces", "Annonces reçues", "annonce_envois", `SELECT a.titre, a.corps, ae.email, ae.etat, ae.envoye_le
		FROM annonce_envois ae JOIN annonces a ON a.id = ae.annonce_id
		WHERE ae.conseiller_id = :conseiller OR ae.professionnel_id = :professionnel OR LOWER(ae.email) IN (:emails) ORDER BY ae.id`},
	{"contacts", "Contact d'une organisation", "organisation_contacts", `SELECT o.nom AS organisation, c.nom, c.fonction, c.email, c.telephone FROM organisation_contacts c
		JOIN organisations o ON o.id = c.organisation_id WHERE LOWER(c.email) IN (:emails)`},
	{"desinscriptions", "Désinscription des annonces", "desinscriptions", `SELECT email, created_at FROM desinscriptions WHERE email IN (:emails)`},
	{"courriels", "Courriels envoyés par le service (30 derniers jours)", "mails", ""}, // built by DonneesPersonne
	{"journal_par", "Journal : vos actions", "journal", `SELECT at, role, action, objet_type, objet_id, academie FROM journal WHERE compte_id = :compte ORDER BY id DESC LIMIT 500`},
	{"journal_sur", "Journal : les actions sur vos données", "journal", `SELECT at, role, action, objet_type, objet_id, detail FROM journal
		WHERE (objet_type = 'compte' AND objet_id = :compte_t) OR (objet_type = 'conseiller' AND objet_id = :conseiller_t)
		OR (objet_type = 'professionnel' AND objet_id = :professionnel_t) ORDER BY id DESC LIMIT 500`},
	{"effacement", "Demandes d'effacement", "demandes_effacement", `SELECT id, origine, etat, motif_refus, traite_le, created_at FROM demandes_effacement
		WHERE compte_id = :compte OR conseiller_id = :conseiller OR professionnel_id = :professionnel OR email IN (:emails) ORDER BY id`},
}

// DonneesPersonne reads everything held about a person, section by
// section; sections without rows are left out.
func (s *Store) DonneesPersonne(ctx context.Context, p Personne) (_ []Section, err error) {
	defer wrap(&err, "DonneesPersonne")
	tables, err := s.Tables(ctx)
	if err != nil {
		return nil, err
	}
	var out []Section
	for _, def := range sectionsPersonne {
		if _, ok := tables[def.table]; !ok {
			continue
		}
		q, args := p.bind(def.query)
		if def.code == "courriels" {
			// recipients is a JSON array: a quoted address matches it whole.
			q, args = `SELECT created_at, subject, text_body FROM mails WHERE `+s.containsAny("LOWER(recipients)", len(p.Emails))+` ORDER BY id DESC`, nil
			for _, e := range p.Emails {
				args = append(args, `"`+e+`"`)
			}
		}
		sec, err := s.readSection(ctx, q, args)
		if err != nil {
			return nil, fmt.Errorf("données personnelles, %s : %w", def.code, err)
		}
		if len(sec.Lignes) == 0 {
			continue
		}
		sec.Code, sec.Titre = def.code, def.titre
		out = append(out, sec)
	}
	return out, nil
}

// containsAny is a condition true when expr contains one of the n
// arguments $1…$n (already lower-cased by the caller).
func (s *Store) containsAny(expr string, n int) string {
	if n == 0 {
		return "1 = 0"
	}
	var parts []string
	for i := 1; i <= n; i++ {
		parts = append(parts, s.contains(expr, "$"+strconv.Itoa(i)))
	}
	return "(" + strings.Join(parts, " OR ") + ")"
}

// contains is a condition true when the text expr contains the text arg.
func (s *Store) contains(expr, arg string) string {
	if s.dialect == Postgres {
		return "strpos(" + expr + ", " + arg + ") > 0"
	}
	return "instr(" + expr + ", " + arg + ") > 0"
}

func (s *Store) readSection(ctx context.Context, q string, args []any) (Section, error) {
	rows, err := s.q.QueryContext(ctx, q, args...)
	if err != nil {
		return Section{}, err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return Section{}, err
	}
	sec := Section{Colonnes: cols}
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return Section{}, err
		}
		line := make([]string, len(cols))
		for i, v := range vals {
			line[i] = texte(v)
		}
		sec.Lignes = append(sec.Lignes, line)
	}
	return sec, rows.Err()
}

// texte writes a database value for a reader.
func texte(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case time.Time:
		return x.UTC().Format("2006-01-02 15:04:05")
	case []byte:
		return string(x)
	case bool:
		if x {
			return "oui"
		}
		return "non"
	case string:
		return x
	default:
		return fmt.Sprint(x)
	}
}

// Tables lists the tables of the database with their text columns: the
// export skips a table a migration has not created yet, and the tests of
// anonymisation search every text column of every table.
func (s *Store) Tables(ctx context.Context) (_ map[string][]string, err error) {
	defer wrap(&err, "Tables")
	out := map[string][]string{}
	if s.dialect == Postgres {
		rows, err := s.q.QueryContext(ctx, `SELECT c.table_name, c.column_name, c.data_type FROM information_schema.columns c
			JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
			WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE' ORDER BY c.table_name, c.ordinal_position`)
		if err != nil {
			return nil, err
		}
		defer rows.Close()
		for rows.Next() {
			var table, col, typ string
			if err := rows.Scan(&table, &col, &typ); err != nil {
				return nil, err
			}
			if _, ok := out[table]; !ok {
				out[table] = nil
			}
			switch typ {
			case "text", "character varying", "character", "json", "jsonb":
				out[table] = append(out[table], col)
			}
		}
		return out, rows.Err()
	}
	rows, err := s.q.QueryContext(ctx, `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`)
	if err != nil {
		return nil, err
	}
	var names []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			rows.Close()
			return nil, err
		}
		names = append(names, n)
	}
	rows.Close()
	for _, n := range names {
		out[n] = nil
		cols, err := s.q.QueryContext(ctx, `SELECT name, type FROM pragma_table_info($1)`, n)
		if err != nil {
			return nil, err
		}
		for cols.Next() {
			var col, typ string
			if err := cols.Scan(&col, &typ); err != nil {
				cols.Close()
				return nil, err
			}
			if t := strings.ToUpper(typ); strings.Contains(t, "TEXT") || strings.Contains(t, "CHAR") || t == "" {
				out[n] = append(out[n], col)
			}
		}
		cols.Close()
	}
	return out, nil
}
