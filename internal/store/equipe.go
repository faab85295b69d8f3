package store

import (
	"context"
	"database/sql"
	"time"
)

// EquipeEtablissement is one open school of a département with what its
// staff's accounts say of the onboarding (issue 19 item 7): how many
// accounts hold the school's role, since when the first was invited, and
// when one of them last signed in (nil: nobody yet).
type EquipeEtablissement struct {
	UAI, Nom, Commune string
	Comptes           int
	InviteLe          *time.Time
	ConnecteLe        *time.Time
}

// EquipesDepartement lists the open schools of a département of an
// académie with their accounts, by commune and name.
func (s *Store) EquipesDepartement(ctx context.Context, academie, departement string) (_ []EquipeEtablissement, err error) {
	defer wrap(&err, "EquipesDepartement")
	// One row per school and account, folded here: an aggregate of a
	// timestamp loses its type on SQLite.
	rows, err := s.q.QueryContext(ctx, `SELECT e.uai, e.nom, e.nom_commune, c.id, c.created_at, c.derniere_connexion
		FROM etablissements e
		LEFT JOIN habilitations h ON h.role = 'etablissement' AND h.ref = e.uai
		LEFT JOIN comptes c ON c.id = h.compte_id
		WHERE e.academie = $1 AND e.departement = $2 AND NOT e.ferme
		ORDER BY e.nom_commune, e.nom, e.uai`, academie, departement)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []EquipeEtablissement
	for rows.Next() {
		var x EquipeEtablissement
		var compte sql.NullInt64
		var invite, connecte sql.NullTime
		if err := rows.Scan(&x.UAI, &x.Nom, &x.Commune, &compte, &invite, &connecte); err != nil {
			return nil, err
		}
		if n := len(out); n == 0 || out[n-1].UAI != x.UAI {
			out = append(out, x)
		}
		last := &out[len(out)-1]
		if !compte.Valid {
			continue
		}
		last.Comptes++
		if t := timePtr(invite); t != nil && (last.InviteLe == nil || t.Before(*last.InviteLe)) {
			last.InviteLe = t
		}
		if t := timePtr(connecte); t != nil && (last.ConnecteLe == nil || t.After(*last.ConnecteLe)) {
			last.ConnecteLe = t
		}
	}
	return out, rows.Err()
}
