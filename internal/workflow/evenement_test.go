package workflow_test

import (
	"context"
	"encoding/json"
	"errors"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"cee/internal/export"
	"cee/internal/job"
	"cee/internal/mail"
	"cee/internal/model"
	"cee/internal/store"
	"cee/internal/storetest"
	"cee/internal/workflow"
)

var evenementLink = regexp.MustCompile(`/evenement/([A-Za-z0-9_-]+)`)

// evenementLinks returns the register and decline tokens of the invitation
// mailed to an address.
func evenementLinks(t *testing.T, s *store.Store, to string) (inscrire, decliner string) {
	t.Helper()
	m := lastMail(t, s, to, "Invitation")
	found := evenementLink.FindAllStringSubmatch(m.Text, -1)
	if len(found) != 2 {
		t.Fatalf("invitation to %s has %d links", to, len(found))
	}
	return found[0][1], found[1][1]
}

func ceeEmails(n int) []string {
	var out []string
	for i := range n {
		out = append(out, "cee"+string(rune('a'+i))+"@example.org")
	}
	return out
}

// newEvenement creates a training of the fixture's académie in a week, and
// invites all its CEE.
func newEvenement(t *testing.T, f fixture, capacite int) model.Evenement {
	t.Helper()
	ctx := context.Background()
	debut := time.Now().AddDate(0, 0, 7).Truncate(time.Hour)
	id, err := workflow.CreerEvenement(ctx, f.s, f.pilote, model.Evenement{Academie: "16", Type: model.EvenementFormation,
		Titre: "Formation des nouveaux CEE", Lieu: "Rectorat de Toulouse", Debut: debut, Fin: debut.Add(3 * time.Hour), Capacite: capacite})
	if err != nil {
		t.Fatal(err)
	}
	sc := model.Scope{Academie: "16"}
	// The count the confirmation shows; a stale one invites nobody.
	if n, err := workflow.DecompteInvitation(ctx, f.s, sc, id, model.Criteres{Conseillers: true}.Borner(sc)); err != nil || n != len(f.cees) {
		t.Fatalf("count before inviting: %d of %d: %v", n, len(f.cees), err)
	}
	if _, err := workflow.Inviter(ctx, f.s, f.pilote, "https://cee.example", sc, id, model.Criteres{Conseillers: true}.Borner(sc), len(f.cees)+1); !errors.Is(err, workflow.ErrDecompte) {
		t.Fatalf("stale confirmation: %v, want ErrDecompte", err)
	}
	if list, _ := f.s.ListParticipations(ctx, id); len(list) != 0 {
		t.Fatalf("a stale confirmation invited %d people", len(list))
	}
	n, err := workflow.Inviter(ctx, f.s, f.pilote, "https://cee.example", sc, id, model.Criteres{Conseillers: true}.Borner(sc), len(f.cees))
	if err != nil || n != len(f.cees) {
		t.Fatalf("invited %d of %d: %v", n, len(f.cees), err)
	}
	// Inviting again skips those already invited.
	if n, err := workflow.Inviter(ctx, f.s, f.pilote, "https://cee.example", sc, id, model.Criteres{Conseillers: true}.Borner(sc), 0); err != nil || n != 0 {
		t.Fatalf("second invitation: %d, %v", n, err)
	}
	e, err := f.s.GetEvenement(ctx, id, sc)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func etats(t *testing.T, s *store.Store, id int64) map[model.EtatParticipation]int {
	t.Helper()
	list, err := s.ListParticipations(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	out := map[model.EtatParticipation]int{}
	for _, p := range list {
		out[p.Etat]++
	}
	return out
}

// Six people register at once for two places: exactly two are registered,
// four wait. When a registered person cancels, the first waiting is
// promoted and told by e-mail with the calendar invitation.
func TestWaitingListUnderConcurrentRegistrations(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		f := newFixture(t, s, 0, 0, 0, 0, 0, 0)
		e := newEvenement(t, f, 2)
		var tokens, declines []string
		for _, to := range ceeEmails(6) {
			a, d := evenementLinks(t, s, to)
			tokens, declines = append(tokens, a), append(declines, d)
		}
		var wg sync.WaitGroup
		res := make([]workflow.ReponseEvenement, len(tokens))
		errs := make([]error, len(tokens))
		for i, tok := range tokens {
			wg.Add(1)
			go func() {
				defer wg.Done()
				res[i], errs[i] = workflow.RepondreEvenementParLien(ctx, s, "https://x", tok, time.Now())
			}()
		}
		wg.Wait()
		for i, err := range errs {
			if err != nil {
				t.Fatalf("registration %d: %v", i, err)
			}
		}
		got := etats(t, s, e.ID)
		if got[model.ParticipationInscrit] != 2 || got[model.ParticipationAttente] != 4 {
			t.Fatalf("after 6 registrations for 2 places: %v", got)
		}
		// Whose registration went through, and who waits longest.
		var inscrit int
		for i, r := range res {
			if r.Participation.Etat == model.ParticipationInscrit {
				inscrit = i
			}
		}
		list, _ := s.ListParticipations(ctx, e.ID, model.ParticipationAttente)
		first, err := s.PremierEnAttente(ctx, e.ID)
		if err != nil || len(list) != 4 {
			t.Fatal(err)
		}
		// A link used once is spent.
		if _, err := workflow.RepondreEvenementParLien(ctx, s, "https://x", tokens[inscrit], time.Now()); !errors.Is(err, store.ErrJetonInvalide) {
			t.Errorf("second use of a link: %v", err)
		}
		r, err := workflow.RepondreEvenementParLien(ctx, s, "https://x", declines[inscrit], time.Now())
		if err != nil || r.Participation.Etat != model.ParticipationAnnule || r.Promu != first.Nom {
			t.Fatalf("cancellation: %+v, %v (first waiting %s)", r, err, first.Nom)
		}
		got = etats(t, s, e.ID)
		if got[model.ParticipationInscrit] != 2 || got[model.ParticipationAttente] != 3 || got[model.ParticipationAnnule] != 1 {
			t.Errorf("after a cancellation: %v", got)
		}
		m := lastMail(t, s, first.Email, "Une place s'est libérée")
		if len(m.Attachments) != 1 || !strings.Contains(string(m.Attachments[0].Data), "METHOD:REQUEST") {
			t.Errorf("promotion mail without the calendar invitation: %+v", m.Attachments)
		}
		if m := lastMail(t, s, ceeEmails(6)[inscrit], "Désinscription"); len(m.Attachments) != 1 || !strings.Contains(string(m.Attachments[0].Data), "METHOD:CANCEL") {
			t.Errorf("cancellation mail without CANCEL: %+v", m.Attachments)
		}
		// The in-app path for a CEE: already registered is refused.
		p, _ := s.GetParticipation(ctx, first.ID)
		if _, err := workflow.InscrireConseiller(ctx, s, "https://x", e.ID, p.ConseillerID, true, time.Now()); !errors.Is(err, workflow.ErrDejaInscrit) {
			t.Errorf("registering twice: %v", err)
		}
	})
}

// Registration is refused after the deadline.
func TestInscriptionsCloses(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s, 0)
		e := newEvenement(t, f, 0)
		p, err := s.ParticipationOf(context.Background(), e.ID, f.cees[0])
		if err != nil {
			t.Fatal(err)
		}
		_, err = workflow.InscrireConseiller(context.Background(), s, "https://x", e.ID, p.ConseillerID, true, e.Debut.Add(time.Minute))
		if !errors.Is(err, workflow.ErrInscriptionsCloses) {
			t.Errorf("registration after the start: %v", err)
		}
	})
}

// Cancelling the event mails the registered (with a CANCEL calendar
// object) and the waiting list (without); the reminder is sent once, the
// day before, to the registered only.
func TestAnnulationEtRappel(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		f := newFixture(t, s, 0, 0, 0)
		e := newEvenement(t, f, 1)
		emails := ceeEmails(3)
		for _, to := range emails[:2] {
			a, _ := evenementLinks(t, s, to)
			if _, err := workflow.RepondreEvenementParLien(ctx, s, "https://x", a, time.Now()); err != nil {
				t.Fatal(err)
			}
		}
		veille := e.Debut.Add(-24 * time.Hour)
		for range 2 {
			if err := workflow.RappelsEvenements(ctx, s, "https://x", veille); err != nil {
				t.Fatal(err)
			}
		}
		if n := mailsTo(t, s, emails[0], "Rappel"); n != 1 {
			t.Errorf("%d reminders to the registered, want 1", n)
		}
		if n := mailsTo(t, s, emails[1], "Rappel"); n != 0 {
			t.Errorf("%d reminders to the waiting list", n)
		}
		sc := model.Scope{Academie: "16"}
		if err := workflow.AnnulerEvenement(ctx, s, f.pilote, "https://x", model.Scope{Academie: "10"}, e.ID, "salle indisponible", 2); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("another académie's pilote cancels: %v", err)
		}
		// One registered, one waiting: told of 3, nothing is cancelled.
		if err := workflow.AnnulerEvenement(ctx, s, f.pilote, "https://x", sc, e.ID, "salle indisponible", 3); !errors.Is(err, workflow.ErrDecompte) {
			t.Fatalf("stale confirmation of the cancellation: %v", err)
		}
		if got, _ := s.GetEvenement(ctx, e.ID, sc); got.Etat != model.EvenementPublie {
			t.Fatalf("a stale confirmation cancelled the event: %s", got.Etat)
		}
		if err := workflow.AnnulerEvenement(ctx, s, f.pilote, "https://x", sc, e.ID, "salle indisponible", 2); err != nil {
			t.Fatal(err)
		}
		m := lastMail(t, s, emails[0], "Événement annulé")
		if !strings.Contains(m.Text, "salle indisponible") || len(m.Attachments) != 1 || !strings.Contains(string(m.Attachments[0].Data), "METHOD:"+export.MethodCancel) {
			t.Errorf("registered person's cancellation mail: %q %+v", m.Text, m.Attachments)
		}
		if m := lastMail(t, s, emails[1], "Événement annulé"); len(m.Attachments) != 0 {
			t.Errorf("waiting person got a calendar object")
		}
		if n := mailsTo(t, s, emails[2], "Événement annulé"); n != 0 {
			t.Errorf("a person who never answered was told: %d", n)
		}
		if err := workflow.AnnulerEvenement(ctx, s, f.pilote, "https://x", sc, e.ID, "encore", 0); !errors.Is(err, store.ErrConflict) {
			t.Errorf("cancelling twice: %v", err)
		}
	})
}

// annonceJobs returns the queued announcement jobs to an address.
func annonceJobs(t *testing.T, s *store.Store, to string) []workflow.EnvoiAnnonce {
	t.Helper()
	jobs, err := s.ListJobs(context.Background(), "", 1000)
	if err != nil {
		t.Fatal(err)
	}
	var out []workflow.EnvoiAnnonce
	for _, j := range jobs {
		if j.Kind != job.KindEnvoyerAnnonce {
			continue
		}
		var p workflow.EnvoiAnnonce
		if json.Unmarshal(j.Payload, &p) == nil && len(p.Message.To) == 1 && p.Message.To[0] == to {
			out = append(out, p)
		}
	}
	return out
}

// repartir runs the jobs listing the recipients of announcements, batch
// after batch (running one again adds nothing).
func repartir(t *testing.T, s *store.Store) {
	t.Helper()
	seen := map[int64]bool{}
	for {
		jobs, err := s.ListJobs(context.Background(), store.JobPending, 1000)
		if err != nil {
			t.Fatal(err)
		}
		ran := false
		for _, j := range jobs {
			if j.Kind != job.KindRepartirAnnonce || seen[j.ID] {
				continue
			}
			seen[j.ID], ran = true, true
			if err := workflow.RepartirAnnonce(context.Background(), s, j.Payload); err != nil {
				t.Fatal(err)
			}
		}
		if !ran {
			return
		}
	}
}

var desinscriptionLink = regexp.MustCompile(`/desinscription/([A-Za-z0-9_-]+)`)

// An announcement is one job per recipient, each delivery « en file » then
// « envoyé » once the job ran; a person who opted out gets no more
// optional announcements, but still the mandatory ones; the text is
// escaped in the HTML part.
func TestAnnonceOptOut(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		f := newFixture(t, s, 0, 0)
		emails := ceeEmails(2)
		sc := model.Scope{Academie: "16"}
		c := model.Criteres{Conseillers: true}.Borner(sc)
		send := func(titre string, obligatoire bool) (int64, int) {
			t.Helper()
			d, err := workflow.DecompteAnnonce(ctx, s, c, obligatoire)
			if err != nil {
				t.Fatal(err)
			}
			id, err := workflow.EnvoyerAnnonce(ctx, s, f.pilote, "https://x", model.Annonce{Academie: "16", Titre: titre,
				Corps: "Premier paragraphe <script>alert(1)</script>\n\nSecond paragraphe.", Obligatoire: obligatoire}, c, d.Recevront)
			if err != nil {
				t.Fatal(err)
			}
			repartir(t, s)
			a, err := s.GetAnnonce(ctx, id, store.AnnonceFilter{Scope: sc, Gestion: true})
			if err != nil {
				t.Fatal(err)
			}
			return id, a.EnFile
		}
		first, n := send("Lettre du réseau", false)
		if n != 2 {
			t.Fatalf("%d mails queued, want 2", n)
		}
		jobs := annonceJobs(t, s, emails[0])
		if len(jobs) != 1 {
			t.Fatalf("%d jobs to %s", len(jobs), emails[0])
		}
		m := jobs[0].Message
		if strings.Contains(m.HTML, "<script>") || !strings.Contains(m.HTML, "&lt;script&gt;") {
			t.Errorf("announcement HTML not escaped")
		}
		rec := &mail.Recorder{}
		for _, to := range emails {
			for _, j := range annonceJobs(t, s, to) {
				payload, _ := json.Marshal(j)
				if err := workflow.EnvoyerAnnonceJob(ctx, s, rec, payload); err != nil {
					t.Fatal(err)
				}
			}
		}
		a, err := s.GetAnnonce(ctx, first, store.AnnonceFilter{Scope: sc, Gestion: true})
		if err != nil || a.Envoyes != 2 || a.EnFile != 0 || len(rec.Messages()) != 2 {
			t.Fatalf("after the jobs: %+v, %d sent, %v", a, len(rec.Messages()), err)
		}
		tok := desinscriptionLink.FindStringSubmatch(m.Text)
		if tok == nil {
			t.Fatal("no opt-out link in an optional announcement")
		}
		if got, err := workflow.Desinscrire(ctx, s, tok[1]); err != nil || got != emails[0] {
			t.Fatalf("opt-out: %q %v", got, err)
		}
		if _, err := workflow.Desinscrire(ctx, s, tok[1]); err != nil {
			t.Errorf("the opt-out link serves again: %v", err)
		}
		if _, err := workflow.Desinscrire(ctx, s, "inconnu"); !errors.Is(err, store.ErrJetonInvalide) {
			t.Errorf("unknown link: %v", err)
		}
		second, n := send("Autre nouvelle", false)
		if n != 1 || len(annonceJobs(t, s, emails[0])) != 1 {
			t.Errorf("optional announcement after opt-out: %d queued, %d jobs to the person", n, len(annonceJobs(t, s, emails[0])))
		}
		a, _ = s.GetAnnonce(ctx, second, store.AnnonceFilter{Scope: sc, Gestion: true})
		if a.Desinscrits != 1 {
			t.Errorf("delivery not recorded as opted out: %+v", a)
		}
		// The person still reads it in the application? No: it was not
		// sent to them; but they read the first one.
		if _, err := s.GetAnnonce(ctx, first, store.AnnonceFilter{Email: emails[0]}); err != nil {
			t.Errorf("recipient cannot read the announcement: %v", err)
		}
		if _, err := s.GetAnnonce(ctx, first, store.AnnonceFilter{Email: "autre@example.org"}); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("someone else reads it: %v", err)
		}
		_, n = send("Information de service", true)
		jobs = annonceJobs(t, s, emails[0])
		if n != 2 || len(jobs) != 2 || strings.Contains(jobs[0].Message.Text, "/desinscription/") {
			t.Errorf("mandatory announcement: %d queued, %d jobs", n, len(jobs))
		}
	})
}

// An announcement is recorded with no mail job: its recipients are listed
// in the background, one batch per job, and the announcement shows its
// progress (issue 20, finding 3: the POST answered in 29 s for 44,100
// people). A batch run twice adds no second delivery.
func TestAnnonceListedInBatches(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		f := newFixture(t, s, 0, 0, 0, 0, 0)
		sc := model.Scope{Academie: "16"}
		old := workflow.LotAnnonce
		workflow.LotAnnonce = 2
		defer func() { workflow.LotAnnonce = old }()

		d, err := workflow.DecompteAnnonce(ctx, s, model.Criteres{Conseillers: true}.Borner(sc), false)
		if err != nil {
			t.Fatal(err)
		}
		id, err := workflow.EnvoyerAnnonce(ctx, s, f.pilote, "https://x", model.Annonce{Academie: "16", Titre: "Lettre du réseau", Corps: "Bonjour."},
			model.Criteres{Conseillers: true}.Borner(sc), d.Recevront)
		if err != nil {
			t.Fatal(err)
		}
		jobs, err := s.ListJobs(ctx, store.JobPending, 100)
		if err != nil {
			t.Fatal(err)
		}
		if len(jobs) != 1 || jobs[0].Kind != job.KindRepartirAnnonce || jobs[0].Priority != store.PriorityBulk {
			t.Fatalf("queued with the announcement: %+v, want only the job listing its recipients", jobs)
		}
		a, _ := s.GetAnnonce(ctx, id, store.AnnonceFilter{Scope: sc, Gestion: true})
		if a.Destinataires != -1 || a.EnFile != 0 {
			t.Errorf("before the listing: %d recipients, %d queued", a.Destinataires, a.EnFile)
		}

		// The first batch: two deliveries, the total, and the next batch.
		first := jobs[0]
		if err := workflow.RepartirAnnonce(ctx, s, first.Payload); err != nil {
			t.Fatal(err)
		}
		a, _ = s.GetAnnonce(ctx, id, store.AnnonceFilter{Scope: sc, Gestion: true})
		if a.Destinataires != 5 || a.EnFile != 2 {
			t.Errorf("after one batch: %d recipients, %d queued, want 5 and 2", a.Destinataires, a.EnFile)
		}
		// Run again (its completion was lost): nothing more.
		if err := workflow.RepartirAnnonce(ctx, s, first.Payload); err != nil {
			t.Fatal(err)
		}
		repartir(t, s)
		a, _ = s.GetAnnonce(ctx, id, store.AnnonceFilter{Scope: sc, Gestion: true})
		if a.Destinataires != 5 || a.EnFile != 5 {
			t.Errorf("after every batch: %d recipients, %d queued, want 5 and 5", a.Destinataires, a.EnFile)
		}
		for _, to := range ceeEmails(5) {
			jobs := annonceJobs(t, s, to)
			if len(jobs) != 1 {
				t.Errorf("%d mail jobs to %s, want 1", len(jobs), to)
			}
		}
	})
}
