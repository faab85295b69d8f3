package workflow_test

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"
	"testing"
	"time"

	"cee/internal/mail"
	"cee/internal/model"
	"cee/internal/store"
	"cee/internal/storetest"
	"cee/internal/workflow"
)

// mailsEnFile are the mails queued, by recipient.
func mailsEnFile(t *testing.T, s *store.Store) map[string][]mail.Message {
	t.Helper()
	jobs, err := s.ListJobs(context.Background(), store.JobPending, 200)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]mail.Message{}
	for _, j := range jobs {
		var m mail.Message
		if err := json.Unmarshal(j.Payload, &m); err != nil || len(m.To) == 0 {
			continue
		}
		out[m.To[0]] = append(out[m.To[0]], m)
	}
	return out
}

// TestAvisAttendu: a candidature put in instruction asks the inspectors of
// its académie (not another's) for their opinion, by mail and in their
// « À traiter »; once one gives it, the queue empties. The candidate's
// mails agree with her civility (« Vous êtes désignée conseillère »).
func TestAvisAttendu(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		compte := func(email string, role model.Role, acad string) model.Compte {
			id, err := s.CreateCompte(ctx, model.Compte{Email: email, Nom: email, Statut: model.CompteActif})
			if err != nil {
				t.Fatal(err)
			}
			h := model.Habilitation{CompteID: id, Role: role, Academie: acad}
			if _, err := s.AddHabilitation(ctx, h); err != nil {
				t.Fatal(err)
			}
			return model.Compte{ID: id, Email: email, Nom: email, Habilitations: []model.Habilitation{h}}
		}
		pilote := compte("pilote@ac-toulouse.fr", model.RolePilote, "16")
		inspecteur := compte("ien@ac-toulouse.fr", model.RoleInspecteur, "16")
		compte("ien@ac-paris.fr", model.RoleInspecteur, "01")
		id, _, err := s.SaveConseiller(ctx, model.Conseiller{Academie: "16", Civilite: "Mme", Nom: "Dupré", Prenom: "Hélène", Email: "helene@example.org"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.CreateDesignation(ctx, model.Designation{ConseillerID: id, Academie: "16", Etat: model.DesignationProposee}); err != nil {
			t.Fatal(err)
		}
		asPilote := workflow.Actor{Compte: pilote, P: model.Principal{CompteID: pilote.ID, Email: pilote.Email, H: pilote.Habilitations[0]}}
		if _, err := workflow.Transition(ctx, s, asPilote, "https://cee.example", id, model.Transition{To: model.DesignationEnInstruction}); err != nil {
			t.Fatal(err)
		}
		mails := mailsEnFile(t, s)
		if got := mails["ien@ac-toulouse.fr"]; len(got) != 1 || !strings.Contains(got[0].Subject, "Avis attendu : candidature de Hélène Dupré") ||
			!strings.Contains(got[0].Text, "proposée par son organisation") {
			t.Errorf("mail to the inspector of 16: %+v", got)
		}
		// Without an account yet, the candidate gets no link she could not
		// open, but what she can do.
		if got := mails["helene@example.org"]; len(got) != 1 || strings.Contains(got[0].Text, "/conseillers/") || strings.Contains(got[0].Text, "Pour consulter votre fiche") ||
			!strings.Contains(got[0].Text, "Vous n'avez pas encore de compte dans l'application : il vous sera ouvert, avec cette adresse, si le recteur vous désigne.") ||
			!strings.Contains(got[0].HTML, "pas encore de compte") || strings.Contains(got[0].HTML, "Consulter votre fiche") {
			t.Errorf("mail to the candidate in instruction: %+v", got)
		}
		if got := mails["ien@ac-paris.fr"]; len(got) != 0 {
			t.Errorf("an inspector of another académie was asked: %+v", got)
		}
		a, err := s.AttentesInspecteur(ctx, "16", inspecteur.ID)
		if err != nil || a.AAviser != 1 {
			t.Fatalf("inspector's queue: %+v (%v), want 1 to give an opinion on", a, err)
		}
		if a, _ := s.AttentesInspecteur(ctx, "01", 0); a.AAviser != 0 {
			t.Errorf("Paris's inspectors: %d waiting", a.AAviser)
		}
		asInsp := workflow.Actor{Compte: inspecteur, P: model.Principal{CompteID: inspecteur.ID, Email: inspecteur.Email, H: inspecteur.Habilitations[0]}}
		if err := workflow.DonnerAvis(ctx, s, asInsp, "https://cee.example", id, model.Avis{Sens: model.AvisFavorable}); err != nil {
			t.Fatal(err)
		}
		if a, _ := s.AttentesInspecteur(ctx, "16", inspecteur.ID); a.AAviser != 0 {
			t.Errorf("after the opinion: %d still waiting", a.AAviser)
		}
		if _, err := workflow.Transition(ctx, s, asPilote, "https://cee.example", id, model.Transition{To: model.DesignationDesignee,
			NumeroArrete: "2026-42", DateArrete: time.Now(), Debut: time.Now().AddDate(0, 0, 7),
			// This organisation has no convention: the opinion is what is tested here.
			Derogation: "Convention en cours de signature"}); err != nil {
			t.Fatal(err)
		}
		var designee *mail.Message
		for _, m := range mailsEnFile(t, s)["helene@example.org"] {
			if strings.HasPrefix(m.Subject, "Vous êtes") {
				designee = &m
			}
		}
		if designee == nil || designee.Subject != "Vous êtes désignée conseillère entreprises pour l'École" ||
			!strings.Contains(designee.Text, "Le recteur vous a désignée conseillère") || !strings.Contains(designee.Text, "vous êtes proposée ou désignée conseillère") ||
			!strings.Contains(designee.Text, "Pour consulter votre fiche : https://cee.example/conseillers/"+strconv.FormatInt(id, 10)) || strings.Contains(designee.Text, "pas encore de compte") {
			t.Errorf("designation mail to Mme Dupré: %+v", designee)
		}
	})
}
