package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"cee/internal/model"
)

// Bilan is an annual bilan asked for by someone: its scope, its state and
// progress while the job builds it, and its two files once done.
type Bilan struct {
	ID          int64
	CompteID    int64
	Perimetre   model.PerimetreBilan
	Ref         string // académie code, organisation id or CEE id
	Libelle     string // « Académie de Toulouse », the organisation's or CEE's name
	Academie    string
	Annee       model.AnneeScolaire
	Etat        model.EtatBilan
	Progression int
	Erreur      string
	TaillePDF   int
	TailleXLSX  int
	CreatedAt   time.Time
}

const bilanColumns = `id, COALESCE(compte_id, 0), perimetre, ref, libelle, academie, annee, etat, progression, erreur,
	COALESCE(LENGTH(pdf), 0), COALESCE(LENGTH(xlsx), 0), created_at`

func scanBilan(sc interface{ Scan(...any) error }) (Bilan, error) {
	var b Bilan
	var annee int
	err := sc.Scan(&b.ID, &b.CompteID, &b.Perimetre, &b.Ref, &b.Libelle, &b.Academie, &annee, &b.Etat, &b.Progression, &b.Erreur,
		&b.TaillePDF, &b.TailleXLSX, &b.CreatedAt)
	b.Annee = model.AnneeScolaire(annee)
	if errors.Is(err, sql.ErrNoRows) {
		return b, ErrNotFound
	}
	return b, err
}

// CreateBilan records a bilan to build; call it inside InTx with the job
// that builds it.
func (s *Store) CreateBilan(ctx context.Context, b Bilan) (_ int64, err error) {
	defer wrap(&err, "CreateBilan")
	now := utc(time.Now())
	var compte any
	if b.CompteID != 0 {
		compte = b.CompteID
	}
	var id int64
	err = s.q.QueryRowContext(ctx, `INSERT INTO bilans (compte_id, perimetre, ref, libelle, academie, annee, etat, progression, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, 0, $8, $8) RETURNING id`,
		compte, b.Perimetre, b.Ref, b.Libelle, b.Academie, int(b.Annee), model.BilanEnAttente, now).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("création du bilan : %w", err)
	}
	return id, nil
}

// GetBilan reads a bilan without its files.
func (s *Store) GetBilan(ctx context.Context, id int64) (_ Bilan, err error) {
	defer wrap(&err, "GetBilan %d", id)
	return scanBilan(s.q.QueryRowContext(ctx, `SELECT `+bilanColumns+` FROM bilans WHERE id = $1`, id))
}

// BilanFilter limits the list to what a person may see: one scope
// (académie, organisation or CEE), or everything for an admin.
type BilanFilter struct {
	Tous      bool
	Perimetre model.PerimetreBilan
	Ref       string
	Academie  string // with Perimetre empty: every bilan of the académie; with it, that scope's bilans of the académie
	Limit     int
}

// ListBilans returns the newest first.
func (s *Store) ListBilans(ctx context.Context, f BilanFilter) (_ []Bilan, err error) {
	defer wrap(&err, "ListBilans")
	w := &where{}
	switch {
	case f.Tous:
	case f.Perimetre != "":
		// An organisation's or a CEE's bilans of one académie (issue 20:
		// the référents of an organisation in another académie, or a role
		// granted there, do not read them).
		if f.Academie == "" {
			return nil, nil
		}
		w.add("perimetre = ?", f.Perimetre)
		w.add("ref = ?", f.Ref)
		w.add("academie = ?", f.Academie)
	case f.Academie != "":
		w.add("academie = ?", f.Academie)
	default:
		return nil, nil
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 50
	}
	rows, err := s.q.QueryContext(ctx, `SELECT `+bilanColumns+` FROM bilans WHERE `+w.sql()+` ORDER BY created_at DESC, id DESC LIMIT `+fmt.Sprint(limit), w.args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Bilan
	for rows.Next() {
		b, err := scanBilan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, b)
	}
	return out, rows.Err()
}

// SetBilanProgression records the job's progress (0 to 100) and state.
func (s *Store) SetBilanProgression(ctx context.Context, id int64, etat model.EtatBilan, pct int, erreur string) (err error) {
	defer wrap(&err, "SetBilanProgression %d", id)
	_, err = s.q.ExecContext(ctx, `UPDATE bilans SET etat = $2, progression = $3, erreur = $4, updated_at = $5 WHERE id = $1`,
		id, etat, pct, erreur, utc(time.Now()))
	return err
}

// SetBilanFichiers stores the two files and marks the bilan ready.
func (s *Store) SetBilanFichiers(ctx context.Context, id int64, pdf, xlsx []byte) (err error) {
	defer wrap(&err, "SetBilanFichiers %d", id)
	_, err = s.q.ExecContext(ctx, `UPDATE bilans SET pdf = $2, xlsx = $3, etat = $4, progression = 100, erreur = '', updated_at = $5 WHERE id = $1`,
		id, pdf, xlsx, model.BilanPret, utc(time.Now()))
	return err
}

// BilanFichier returns one of the two files: "pdf" or "xlsx".
func (s *Store) BilanFichier(ctx context.Context, id int64, kind string) (_ []byte, err error) {
	defer wrap(&err, "BilanFichier %d", id)
	col := "pdf"
	if kind == "xlsx" {
		col = "xlsx"
	}
	var b []byte
	err = s.q.QueryRowContext(ctx, `SELECT `+col+` FROM bilans WHERE id = $1 AND `+col+` IS NOT NULL`, id).Scan(&b)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	return b, err
}
