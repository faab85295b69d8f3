package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"cee/internal/model"
	"cee/internal/store"
	"cee/internal/storetest"
)

// mustCompte creates an account with one role.
func mustCompte(t *testing.T, s *store.Store, email string, h model.Habilitation) model.Compte {
	t.Helper()
	ctx := context.Background()
	id, err := s.CreateCompte(ctx, model.Compte{Email: email, Nom: email})
	if err != nil {
		t.Fatal(err)
	}
	h.CompteID = id
	if _, err := s.AddHabilitation(ctx, h); err != nil {
		t.Fatal(err)
	}
	c, err := s.GetCompte(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestComptesAreScoped(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		lille := mustCompte(t, s, "pilote@ac-lille.fr", model.Habilitation{Role: model.RolePilote, Academie: "09"})
		versailles := mustCompte(t, s, "pilote@ac-versailles.fr", model.Habilitation{Role: model.RolePilote, Academie: "25"})
		lycee := mustCompte(t, s, "ddfpt@lycee.fr", model.Habilitation{Role: model.RoleEtablissement, Academie: "25", Ref: "0781234A"})
		autre := mustCompte(t, s, "ce@autre.fr", model.Habilitation{Role: model.RoleEtablissement, Academie: "25", Ref: "0785678B"})
		admin := mustCompte(t, s, "admin@education.gouv.fr", model.Habilitation{Role: model.RoleAdmin})

		if _, err := s.CreateCompte(ctx, model.Compte{Email: "pilote@ac-lille.fr"}); !errors.Is(err, store.ErrConflict) {
			t.Errorf("duplicate e-mail: %v", err)
		}
		all, total, err := s.ListComptes(ctx, store.CompteFilter{Scope: model.Scope{National: true}})
		if err != nil || total != 5 || len(all) != 5 || len(all[0].Habilitations) != 1 {
			t.Fatalf("national list: %d %v", total, err)
		}
		list, total, _ := s.ListComptes(ctx, store.CompteFilter{Scope: model.Scope{Academie: "25"}})
		if total != 3 {
			t.Errorf("Versailles sees %d accounts, want 3: %v", total, list)
		}
		for _, c := range list {
			if c.ID == lille.ID || c.ID == admin.ID {
				t.Errorf("Versailles sees %s", c.Email)
			}
		}
		if _, err := s.GetCompteInScope(ctx, versailles.ID, model.Scope{Academie: "09"}); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("Lille reads a Versailles account: %v", err)
		}
		if c, err := s.GetCompteInScope(ctx, lycee.ID, model.Scope{Academie: "25"}); err != nil || c.Email != "ddfpt@lycee.fr" {
			t.Errorf("Versailles cannot read its school account: %v", err)
		}
		school := model.Scope{Academie: "25", UAI: "0781234A"}
		if _, err := s.GetCompteInScope(ctx, autre.ID, school); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("a school reads another school's account: %v", err)
		}
		if _, total, _ := s.ListComptes(ctx, store.CompteFilter{Scope: school}); total != 1 {
			t.Errorf("a school sees %d accounts, want its own only", total)
		}
		if _, total, _ := s.ListComptes(ctx, store.CompteFilter{Scope: model.Scope{}}); total != 0 {
			t.Errorf("empty scope sees %d accounts", total)
		}
		if _, total, _ := s.ListComptes(ctx, store.CompteFilter{Scope: model.Scope{National: true}, Role: model.RolePilote, Q: "LILLE"}); total != 1 {
			t.Errorf("filter by role and name: %d", total)
		}
		if _, err := s.AddHabilitation(ctx, model.Habilitation{CompteID: admin.ID, Role: model.RolePilote}); err == nil {
			t.Error("pilote without académie accepted")
		}
	})
}

func TestCompteSecurityFields(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		c := mustCompte(t, s, "a@b.fr", model.Habilitation{Role: model.RoleInspecteur, Academie: "16"})
		if c.Statut != model.CompteInvite {
			t.Errorf("new account %s", c.Statut)
		}
		s.MarkLogin(ctx, c.ID)
		s.SetPassword(ctx, c.ID, "$argon2id$x")
		s.SetTOTP(ctx, c.ID, "SECRET", true, 10)
		c, _ = s.GetCompte(ctx, c.ID)
		if c.Statut != model.CompteActif || c.DerniereConnexion == nil || c.PasswordHash != "$argon2id$x" || !c.TOTPActif {
			t.Errorf("%+v", c)
		}
		if ok, _ := s.UseTOTPStep(ctx, c.ID, 10); ok {
			t.Error("TOTP step replayed")
		}
		if ok, _ := s.UseTOTPStep(ctx, c.ID, 11); !ok {
			t.Error("next TOTP step refused")
		}
		if err := s.SetCompteStatut(ctx, 9999, model.CompteSuspendu); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("missing account: %v", err)
		}
	})
}

func TestSessionsAndJetons(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		c := mustCompte(t, s, "a@b.fr", model.Habilitation{Role: model.RoleInspecteur, Academie: "16"})
		now := time.Now()
		se := store.Session{IDHash: "h1", CompteID: c.ID, HabilitationID: c.Habilitations[0].ID, Methode: "lien", ExpiresAt: now.Add(12 * time.Hour)}
		if err := s.CreateSession(ctx, se); err != nil {
			t.Fatal(err)
		}
		got, err := s.GetSession(ctx, "h1", now, now.Add(-30*time.Minute))
		if err != nil || got.CompteID != c.ID || got.HabilitationID != se.HabilitationID {
			t.Fatalf("%+v %v", got, err)
		}
		// Idle for longer than the timeout: gone.
		if _, err := s.GetSession(ctx, "h1", now.Add(time.Hour), now.Add(time.Hour-30*time.Minute)); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("idle session still valid: %v", err)
		}
		s.CreateSession(ctx, store.Session{IDHash: "h2", CompteID: c.ID, Methode: "lien", ExpiresAt: now.Add(time.Hour)})
		s.CreateSession(ctx, store.Session{IDHash: "h3", CompteID: c.ID, Methode: "lien", ExpiresAt: now.Add(time.Hour)})
		if n, _ := s.DeleteSessionsOf(ctx, c.ID); n != 2 {
			t.Errorf("deleted %d sessions, want 2", n)
		}
		// Past the absolute lifetime.
		s.CreateSession(ctx, store.Session{IDHash: "h4", CompteID: c.ID, Methode: "lien", ExpiresAt: now.Add(time.Minute)})
		if _, err := s.GetSession(ctx, "h4", now.Add(2*time.Minute), now); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("expired session still valid: %v", err)
		}

		s.CreateJeton(ctx, store.Jeton{Hash: "j1", Kind: store.JetonLien, CompteID: c.ID, ExpiresAt: now.Add(15 * time.Minute)})
		if err := s.PeekJeton(ctx, "j1", store.JetonLien, now); err != nil {
			t.Fatal(err)
		}
		if _, err := s.ConsumeJeton(ctx, "j1", store.JetonInvitation, now); !errors.Is(err, store.ErrJetonInvalide) {
			t.Error("token used as another kind")
		}
		j, err := s.ConsumeJeton(ctx, "j1", store.JetonLien, now)
		if err != nil || j.CompteID != c.ID {
			t.Fatalf("%+v %v", j, err)
		}
		if _, err := s.ConsumeJeton(ctx, "j1", store.JetonLien, now); !errors.Is(err, store.ErrJetonInvalide) {
			t.Error("token used twice")
		}
		s.CreateJeton(ctx, store.Jeton{Hash: "j2", Kind: store.JetonLien, CompteID: c.ID, ExpiresAt: now.Add(15 * time.Minute)})
		if _, err := s.ConsumeJeton(ctx, "j2", store.JetonLien, now.Add(16*time.Minute)); !errors.Is(err, store.ErrJetonInvalide) {
			t.Error("expired token accepted")
		}
	})
}

func TestJournal(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		s.Audit(ctx, store.Entree{Email: "p@ac-lille.fr", Action: store.AuditConsultation, ObjetType: "compte", ObjetID: "3", Academie: "09", IP: "127.0.0.1"})
		s.Audit(ctx, store.Entree{Email: "p@ac-versailles.fr", Action: store.AuditExport, ObjetType: "comptes", Academie: "25"})
		s.Audit(ctx, store.Entree{Email: "admin@x.fr", Action: store.AuditConnexion})
		if _, total, _ := s.ListJournal(ctx, store.JournalFilter{Scope: model.Scope{National: true}}); total != 3 {
			t.Errorf("national journal: %d", total)
		}
		list, total, _ := s.ListJournal(ctx, store.JournalFilter{Scope: model.Scope{Academie: "09"}})
		if total != 1 || list[0].Action != store.AuditConsultation || list[0].IP != "127.0.0.1" {
			t.Errorf("Lille journal: %+v", list)
		}
		if _, total, _ := s.ListJournal(ctx, store.JournalFilter{Scope: model.Scope{National: true}, Action: store.AuditExport}); total != 1 {
			t.Errorf("filter by action: %d", total)
		}
		if _, total, _ := s.ListJournal(ctx, store.JournalFilter{}); total != 0 {
			t.Errorf("no scope sees %d entries", total)
		}
	})
}
