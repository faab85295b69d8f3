package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"cee/internal/model"
)

// AuditEffacement records the steps of an erasure: a request, its refusal,
// the anonymisation, and the retention job's warnings. Its lines name the
// request, never the person.
const AuditEffacement = "effacement"

const effacementColumns = `id, COALESCE(compte_id, 0), COALESCE(conseiller_id, 0), COALESCE(professionnel_id, 0), academie, nom, email,
	origine, etat, motif_refus, COALESCE(traite_par, 0), traite_le, created_at`

// CreateDemandeEffacement records an erasure request; a person with a
// request already waiting gets that one back instead of a second.
func (s *Store) CreateDemandeEffacement(ctx context.Context, p Personne, origine string, now time.Time) (_ int64, _ bool, err error) {
	defer wrap(&err, "CreateDemandeEffacement")
	q, args := p.bind(`SELECT id FROM demandes_effacement WHERE etat = 'demandee'
		AND (compte_id = :compte OR conseiller_id = :conseiller OR professionnel_id = :professionnel OR email IN (:emails)) ORDER BY id LIMIT 1`)
	var id int64
	err = s.q.QueryRowContext(ctx, q, args...).Scan(&id)
	if err == nil {
		return id, false, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return 0, false, err
	}
	email := ""
	if len(p.Emails) > 0 {
		email = p.Emails[0]
	}
	err = s.q.QueryRowContext(ctx, `INSERT INTO demandes_effacement (compte_id, conseiller_id, professionnel_id, academie, nom, email, origine, etat, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) RETURNING id`,
		nullID(p.CompteID), nullID(p.ConseillerID), nullID(p.ProfessionnelID), p.Academie, p.Nom, email, origine, model.EffacementDemandee, utc(now)).Scan(&id)
	return id, true, err
}

// ListDemandesEffacement lists the requests of a scope, those waiting first.
func (s *Store) ListDemandesEffacement(ctx context.Context, sc model.Scope) (_ []model.DemandeEffacement, err error) {
	defer wrap(&err, "ListDemandesEffacement")
	var c conds
	effacementScope(&c, sc)
	w, args := c.sql()
	rows, err := s.q.QueryContext(ctx, `SELECT `+effacementColumns+` FROM demandes_effacement WHERE `+w+`
		ORDER BY CASE WHEN etat = 'demandee' THEN 0 ELSE 1 END, created_at DESC LIMIT 200`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []model.DemandeEffacement
	for rows.Next() {
		d, err := scanEffacement(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// GetDemandeEffacement reads one request within a scope (404 outside).
func (s *Store) GetDemandeEffacement(ctx context.Context, id int64, sc model.Scope) (_ model.DemandeEffacement, err error) {
	defer wrap(&err, "GetDemandeEffacement %d", id)
	var c conds
	effacementScope(&c, sc)
	c.add("id = ?", id)
	w, args := c.sql()
	rows, err := s.q.QueryContext(ctx, `SELECT `+effacementColumns+` FROM demandes_effacement WHERE `+w, args...)
	if err != nil {
		return model.DemandeEffacement{}, err
	}
	defer rows.Close()
	if !rows.Next() {
		return model.DemandeEffacement{}, ErrNotFound
	}
	return scanEffacement(rows)
}

func effacementScope(w *conds, sc model.Scope) {
	switch {
	case sc.National:
	case sc.Academie != "":
		w.add("academie = ?", sc.Academie)
	default:
		w.add("1 = 0")
	}
}

func scanEffacement(rows *sql.Rows) (model.DemandeEffacement, error) {
	var d model.DemandeEffacement
	var etat string
	var le sql.NullTime
	err := rows.Scan(&d.ID, &d.CompteID, &d.ConseillerID, &d.ProfessionnelID, &d.Academie, &d.Nom, &d.Email,
		&d.Origine, &etat, &d.MotifRefus, &d.TraitePar, &le, &d.CreatedAt)
	d.Etat = model.EtatEffacement(etat)
	if le.Valid {
		d.TraiteLe = &le.Time
	}
	return d, err
}

// DemandeEffacementOf returns the person's latest request, ErrNotFound when
// they made none.
func (s *Store) DemandeEffacementOf(ctx context.Context, p Personne) (_ model.DemandeEffacement, err error) {
	defer wrap(&err, "DemandeEffacementOf")
	q, args := p.bind(`SELECT ` + effacementColumns + ` FROM demandes_effacement
		WHERE compte_id = :compte OR conseiller_id = :conseiller OR professionnel_id = :professionnel OR email IN (:emails) ORDER BY id DESC LIMIT 1`)
	rows, err := s.q.QueryContext(ctx, q, args...)
	if err != nil {
		return model.DemandeEffacement{}, err
	}
	defer rows.Close()
	if !rows.Next() {
		return model.DemandeEffacement{}, ErrNotFound
	}
	return scanEffacement(rows)
}

// CloreDemandeEffacement moves a waiting request to done or refused. A
// request no longer waiting is ErrConflict: two pilotes cannot both act.
func (s *Store) CloreDemandeEffacement(ctx context.Context, id int64, etat model.EtatEffacement, motif string, par int64, now time.Time) (err error) {
	defer wrap(&err, "CloreDemandeEffacement %d", id)
	res, err := s.q.ExecContext(ctx, `UPDATE demandes_effacement SET etat = $2, motif_refus = $3, traite_par = $4, traite_le = $5, updated_at = $5
		WHERE id = $1 AND etat = 'demandee'`, id, etat, motif, nullID(par), utc(now))
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrConflict
	}
	return nil
}

// ArreterSollicitations stops at once everything that would still reach a
// person who withdrew their consent, asked not to be solicited, or is being
// erased: solicitations waiting for an answer are cancelled (their
// reminders are computed from that state), the waiting list of events is
// left, unanswered requests of availability for juries are dropped, and the
// queued mails and announcements that solicit them (answer, availability
// and event links) are removed from the queue. It returns how many things
// were stopped.
func (s *Store) ArreterSollicitations(ctx context.Context, p Personne, now time.Time) (_ int64, err error) {
	defer wrap(&err, "ArreterSollicitations")
	var total int64
	stmts := []string{
		`UPDATE sollicitations SET etat = 'annulee', updated_at = $1 WHERE etat = 'envoyee' AND (conseiller_id = :conseiller OR professionnel_id = :professionnel)`,
		`UPDATE participations SET etat = 'annule', updated_at = $1 WHERE etat = 'attente' AND (conseiller_id = :conseiller OR professionnel_id = :professionnel OR LOWER(email) IN (:emails))`,
	}
	for _, q := range stmts {
		q, args := p.bind(q, utc(now))
		res, err := s.q.ExecContext(ctx, q, args...)
		if err != nil {
			return 0, err
		}
		n, _ := res.RowsAffected()
		total += n
	}
	q, args := p.bind(`DELETE FROM disponibilites_jury WHERE repondu_le IS NULL AND (conseiller_id = :conseiller OR professionnel_id = :professionnel)
		AND NOT EXISTS (SELECT 1 FROM jury_membres m WHERE m.disponibilite_id = disponibilites_jury.id)`)
	res, err := s.q.ExecContext(ctx, q, args...)
	if err != nil {
		return 0, err
	}
	n, _ := res.RowsAffected()
	total += n
	if len(p.Emails) == 0 {
		return total, nil
	}
	// A queued mail is the person's when their quoted address is among its
	// recipients; it solicits them when it carries one of the single-use
	// links that ask for an answer.
	var args2 []any
	var mine []string
	for _, e := range p.Emails {
		args2 = append(args2, `"`+e+`"`)
		mine = append(mine, s.contains("LOWER(payload)", fmt.Sprintf("$%d", len(args2))))
	}
	var links []string
	for _, l := range []string{"/reponse/", "/disponibilites/", "/evenement/", "/desinscription/"} {
		args2 = append(args2, l)
		links = append(links, s.contains("payload", fmt.Sprintf("$%d", len(args2))))
	}
	res, err = s.q.ExecContext(ctx, `DELETE FROM jobs WHERE state = 'pending' AND kind IN ('mail.envoyer', 'annonces.envoyer')
		AND (`+strings.Join(mine, " OR ")+`) AND (`+strings.Join(links, " OR ")+`)`, args2...)
	if err != nil {
		return 0, err
	}
	n, _ = res.RowsAffected()
	return total + n, nil
}

// Anonymiser erases a person everywhere, in the caller's transaction, and
// returns how many rows it changed. Ids, states, dates and numbers stay,
// so every count and indicator is the same before and after; what named
// the person goes: name, address, phone, commune, a sole trader's SIRET,
// the free texts they wrote or that are about them, the mails and queued
// jobs addressed to them, their sessions, login links and API tokens.
//
// The journal is append-only for the application: no action rewrites what
// happened. Erasure is the one exception the GDPR imposes (art. 17 has no
// exemption for logs kept for security beyond what they need): the lines
// keep their action, date, role, object type and id, so the history of
// decisions stays complete, but the actor's address and IP and any detail
// naming the person are blanked. The erasure itself is journaled by the
// caller with the request's id only, so the journal keeps that an erasure
// happened and who decided it, not who was erased.
func (s *Store) Anonymiser(ctx context.Context, p Personne, now time.Time) (_ int64, err error) {
	defer wrap(&err, "Anonymiser")
	needles, err := s.aiguilles(ctx, p)
	if err != nil {
		return 0, err
	}
	if _, err := s.ArreterSollicitations(ctx, p, now); err != nil {
		return 0, err
	}
	var total int64
	exec := func(q string, extra ...any) error {
		q, args := p.bind(q, extra...)
		res, err := s.q.ExecContext(ctx, q, args...)
		if err != nil {
			return fmt.Errorf("anonymisation (%.60s…) : %w", strings.Join(strings.Fields(q), " "), err)
		}
		n, _ := res.RowsAffected()
		total += n
		return nil
	}
	t := utc(now)
	// The records that are the person: ids stay, what names them goes. The
	// addresses become unique placeholders in the reserved .invalid domain
	// (RFC 2606), which no mail can reach.
	stmts := []string{
		`UPDATE comptes SET email = 'anonyme-' || CAST(id AS TEXT) || '@anonyme.invalid', nom = '', statut = 'suspendu', password_hash = '',
			totp_secret = '', totp_actif = FALSE, totp_step = 0, anonymise_le = $1, updated_at = $1 WHERE id = :compte`,
		`DELETE FROM sessions WHERE compte_id = :compte`,
		`DELETE FROM jetons WHERE compte_id = :compte`,
		`DELETE FROM televersements WHERE compte_id = :compte`,
		`DELETE FROM notifications WHERE compte_id = :compte`,
		`UPDATE conseillers SET civilite = '', nom = 'Anonyme', prenom = '', email = 'anonyme-c' || CAST(id AS TEXT) || '@anonyme.invalid',
			telephone = '', telephone_masque = TRUE, employeur = '', siret = CASE WHEN statut_pro IN ('artisan', 'autre') THEN '' ELSE siret END,
			code_commune = '', nom_commune = '', recherche = '', en_pause = TRUE, anonymise_le = $1, updated_at = $1 WHERE id = :conseiller`,
		`UPDATE designations SET mission = '', avis_commentaire = '', updated_at = $1 WHERE conseiller_id = :conseiller`,
		`UPDATE interventions SET description = '' WHERE conseiller_id = :conseiller`,
		`UPDATE expertises SET demandeur = '' WHERE demandeur_id = :compte`,
		// An opinion is the CEE's own writing, like a report: its text and
		// file go, its state and time stay for the counts.
		`UPDATE avis_expertise SET texte = '', fichier = NULL, fichier_nom = '' WHERE conseiller_id = :conseiller`,
		`UPDATE professionnels SET civilite = '', nom = 'Anonyme', prenom = '', email = 'anonyme-p' || CAST(id AS TEXT) || '@anonyme.invalid',
			telephone = '', entreprise = '', code_commune = '', nom_commune = '', recherche = '', interventions = FALSE, visites = FALSE,
			stages = FALSE, jurys = FALSE, consent_le = NULL, anonymise_le = $1, updated_at = $1 WHERE id = :professionnel`,
		`UPDATE sollicitations SET motif = '', raisons = '', updated_at = $1 WHERE conseiller_id = :conseiller OR professionnel_id = :professionnel`,
		`UPDATE demandes SET contact_nom = '', contact_email = '', contact_telephone = '', commentaire = '', version = version + 1, updated_at = $1
			WHERE auteur_id = :compte OR LOWER(contact_email) IN (:emails)`,
		`UPDATE disponibilites_jury SET liens = '' WHERE conseiller_id = :conseiller OR professionnel_id = :professionnel`,
		`UPDATE participations SET nom = '', email = 'anonyme-' || CAST(id AS TEXT) || '@anonyme.invalid', updated_at = $1
			WHERE conseiller_id = :conseiller OR professionnel_id = :professionnel OR LOWER(email) IN (:emails)`,
		`UPDATE annonce_envois SET nom = '', email = 'anonyme-' || CAST(id AS TEXT) || '@anonyme.invalid', jeton_hash = ''
			WHERE conseiller_id = :conseiller OR professionnel_id = :professionnel OR LOWER(email) IN (:emails)`,
		`DELETE FROM organisation_contacts WHERE LOWER(email) IN (:emails)`,
		`DELETE FROM desinscriptions WHERE email IN (:emails)`,
		`UPDATE journal SET email = '', ip = '' WHERE compte_id = :compte OR LOWER(email) IN (:emails)`,
		// The request's own lines carry the requester's IP (a request by
		// link has no account to tie them to).
		`UPDATE journal SET ip = '' WHERE objet_type = 'demande_effacement' AND objet_id IN (SELECT CAST(id AS TEXT) FROM demandes_effacement
			WHERE compte_id = :compte OR conseiller_id = :conseiller OR professionnel_id = :professionnel OR email IN (:emails))`,
		`UPDATE demandes_effacement SET nom = '', email = '', updated_at = $1
			WHERE compte_id = :compte OR conseiller_id = :conseiller OR professionnel_id = :professionnel OR email IN (:emails)`,
		`UPDATE avertissements_conservation SET etat = 'anonymise', clos_le = $1 WHERE etat = 'averti'
			AND ((personne = 'conseiller' AND personne_id = :conseiller) OR (personne = 'professionnel' AND personne_id = :professionnel))`,
	}
	for _, q := range stmts {
		if !strings.Contains(q, "$1") {
			if err := exec(q); err != nil {
				return 0, err
			}
			continue
		}
		if err := exec(q, t); err != nil {
			return 0, err
		}
	}
	// Single-use links made for the person without an account (consent,
	// withdrawal, access to their data) name them by id in their payload:
	// a JSON object whose field ends the object or is followed by another.
	for _, ref := range []struct {
		field string
		id    int64
	}{{"Professionnel", p.ProfessionnelID}, {"Conseiller", p.ConseillerID}} {
		if ref.id == 0 {
			continue
		}
		key := fmt.Sprintf(`"%s":%d`, ref.field, ref.id)
		res, err := s.q.ExecContext(ctx, `DELETE FROM jetons WHERE `+s.contains("payload", "$1")+` OR `+s.contains("payload", "$2"), key+"}", key+",")
		if err != nil {
			return 0, err
		}
		n, _ := res.RowsAffected()
		total += n
	}
	tables, err := s.Tables(ctx)
	if err != nil {
		return 0, err
	}
	if _, ok := tables["jetons_api"]; ok {
		if err := exec(`DELETE FROM jetons_api WHERE compte_id = :compte`); err != nil {
			return 0, err
		}
	}
	n, err := s.effacerMentions(ctx, needles)
	return total + n, err
}

// aiguilles are the strings that name the person or that they wrote, read
// before the records are blanked: every free text of someone else's row,
// mail, queued job or journal detail that contains one is blanked too.
// Very short strings are left out (a two-letter surname would wipe half
// the journal); docs/privacy.md lists this limit.
func (s *Store) aiguilles(ctx context.Context, p Personne) ([]string, error) {
	queries := []string{
		`SELECT nom, '' FROM comptes WHERE id = :compte`,
		`SELECT nom, prenom FROM conseillers WHERE id = :conseiller`,
		`SELECT prenom || ' ' || nom, nom || ' ' || prenom FROM conseillers WHERE id = :conseiller`,
		`SELECT telephone, CASE WHEN statut_pro IN ('artisan', 'autre') THEN siret ELSE '' END FROM conseillers WHERE id = :conseiller`,
		`SELECT nom, prenom FROM professionnels WHERE id = :professionnel`,
		`SELECT prenom || ' ' || nom, nom || ' ' || prenom FROM professionnels WHERE id = :professionnel`,
		`SELECT telephone, '' FROM professionnels WHERE id = :professionnel`,
		`SELECT description, '' FROM interventions WHERE conseiller_id = :conseiller`,
		`SELECT texte, fichier_nom FROM avis_expertise WHERE conseiller_id = :conseiller`,
		`SELECT motif, '' FROM sollicitations WHERE conseiller_id = :conseiller OR professionnel_id = :professionnel`,
		`SELECT commentaire, contact_telephone FROM demandes WHERE auteur_id = :compte OR LOWER(contact_email) IN (:emails)`,
		`SELECT contact_nom, '' FROM demandes WHERE auteur_id = :compte OR LOWER(contact_email) IN (:emails)`,
		`SELECT mission, avis_commentaire FROM designations WHERE conseiller_id = :conseiller`,
		`SELECT liens, '' FROM disponibilites_jury WHERE conseiller_id = :conseiller OR professionnel_id = :professionnel`,
		`SELECT nom, '' FROM participations WHERE conseiller_id = :conseiller OR professionnel_id = :professionnel OR LOWER(email) IN (:emails)`,
		`SELECT nom, telephone FROM organisation_contacts WHERE LOWER(email) IN (:emails)`,
	}
	seen := map[string]bool{}
	var out []string
	add := func(v string) {
		v = strings.TrimSpace(v)
		if len([]rune(v)) < 4 || seen[v] {
			return
		}
		seen[v] = true
		out = append(out, v)
	}
	for _, e := range p.Emails {
		add(e)
	}
	for _, q := range queries {
		q, args := p.bind(q)
		rows, err := s.q.QueryContext(ctx, q, args...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var a, b string
			if err := rows.Scan(&a, &b); err != nil {
				rows.Close()
				return nil, err
			}
			add(a)
			add(b)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// mention is a text column of other people's rows that may name the
// person: where one of the needles appears, the column takes the value
// set (the whole text: cutting a name out of a sentence would leave the
// rest of what was said about them).
type mention struct {
	table, columns, set string
}

var mentions = []mention{
	{"journal", "detail", "detail = '[effacé]'"},
	{"mails", "recipients || ' ' || subject || ' ' || text_body || ' ' || html_body",
		"recipients = '[]', subject = '[effacé]', text_body = '', html_body = '', attachments = ''"},
	// The ordering key of a mail job is its recipients' addresses.
	{"jobs", "payload || ' ' || last_error || ' ' || COALESCE(ordering_key, '')", "payload = '{}', last_error = '', ordering_key = NULL"},
	{"jetons", "payload", "payload = '{}', expires_at = created_at"},
	{"designations", "mission || ' ' || avis_commentaire || ' ' || avis_auteur", "mission = '', avis_commentaire = '', avis_auteur = ''"},
	{"mandats", "mission || ' ' || derogation", "mission = '', derogation = '[texte effacé]'"},
	{"interventions", "description", "description = '[texte effacé]'"},
	{"sollicitations", "motif || ' ' || raisons", "motif = '', raisons = ''"},
	// A rewritten request takes a new version: an API client's If-Match
	// read before the erasure must fail (412), not overwrite it.
	{"demandes", "description || ' ' || commentaire || ' ' || lieu || ' ' || motif_annulation", "description = '[texte effacé]', commentaire = '', lieu = '', motif_annulation = '', version = version + 1"},
	{"demandes", "contact_nom || ' ' || contact_email || ' ' || contact_telephone", "contact_nom = '', contact_email = '', contact_telephone = '', version = version + 1"},
	{"evenements", "description || ' ' || motif_annulation", "description = '[texte effacé]', motif_annulation = ''"},
	{"annonces", "auteur", "auteur = ''"},
	{"annonces", "corps", "corps = '[texte effacé]'"},
	{"conventions", "objectifs", "objectifs = '[texte effacé]'"},
	{"ressources", "description", "description = '[texte effacé]'"},
	{"disponibilites_jury", "liens", "liens = ''"},
	{"participations", "nom", "nom = ''"},
	{"expertises", "demandeur || ' ' || objet || ' ' || question", "demandeur = '', objet = '[texte effacé]', question = '[texte effacé]'"},
	{"avis_expertise", "texte", "texte = '[texte effacé]'"},
	{"annonce_envois", "nom", "nom = ''"},
	{"organisation_contacts", "nom || ' ' || email || ' ' || telephone", "nom = '', email = '', telephone = ''"},
	{"demandes_effacement", "nom || ' ' || email || ' ' || motif_refus", "nom = '', email = '', motif_refus = ''"},
}

// effacerMentions blanks the texts of mentions that contain a needle. The
// comparison ignores case (on SQLite, LOWER folds ASCII only, so the text
// as typed is compared too). A queued job still waiting would carry the
// person's name to its recipient: it is deleted, not blanked.
func (s *Store) effacerMentions(ctx context.Context, needles []string) (int64, error) {
	if len(needles) == 0 {
		return 0, nil
	}
	var total int64
	for _, m := range mentions {
		var c conds
		var or []string
		for _, n := range needles {
			or = append(or, s.contains("LOWER("+m.columns+")", c.arg(strings.ToLower(n))), s.contains(m.columns, c.arg(n)))
		}
		c.add("(" + strings.Join(or, " OR ") + ")")
		where, args := c.sql()
		if m.table == "jobs" {
			res, err := s.q.ExecContext(ctx, `DELETE FROM jobs WHERE state = 'pending' AND `+where, args...)
			if err != nil {
				return 0, fmt.Errorf("anonymisation, tâches : %w", err)
			}
			n, _ := res.RowsAffected()
			total += n
		}
		res, err := s.q.ExecContext(ctx, `UPDATE `+m.table+` SET `+m.set+` WHERE `+where, args...)
		if err != nil {
			return 0, fmt.Errorf("anonymisation, %s : %w", m.table, err)
		}
		n, _ := res.RowsAffected()
		total += n
	}
	return total, nil
}
