package web_test

import (
	"context"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"cee/internal/apptest"
	"cee/internal/model"
	"cee/internal/storetest"
	"cee/internal/workflow"
)

var confirmerPattern = regexp.MustCompile(`name="confirmer" value="(\d+)"`)

// confirmedCount is the count a confirmation step asks to confirm.
func confirmedCount(t *testing.T, body string) string {
	t.Helper()
	m := confirmerPattern.FindStringSubmatch(body)
	if m == nil {
		t.Fatal("no confirmation step (hidden field « confirmer ») on the page")
	}
	return m[1]
}

// postConfirmed posts form to a mass action, which answers with its
// confirmation step, then confirms the count that step shows.
func (c *client) postConfirmed(path string, form url.Values) (*http.Response, string) {
	c.t.Helper()
	resp, body := c.post(path, form)
	if resp.StatusCode != http.StatusOK {
		c.t.Fatalf("POST %s: %d, want the confirmation step", path, resp.StatusCode)
	}
	f := url.Values{}
	for k, v := range form {
		f[k] = v
	}
	f.Set("confirmer", confirmedCount(c.t, body))
	return c.post(path, f)
}

// checkConfirmation runs the three steps every mass action shares (issue
// 18 item 3): without « confirmer », a 200 page that states want (the
// number in a sentence) and does nothing; with another count than the one
// shown, a 409 that says what changed and does nothing; with the count
// shown, the action (303). done counts what the action writes.
func checkConfirmation(t *testing.T, c *client, path string, form url.Values, n int, want string, done func() int) {
	t.Helper()
	want = html.EscapeString(want)
	before := done()
	resp, body := c.post(path, form)
	if resp.StatusCode != http.StatusOK || !strings.Contains(body, want) {
		t.Fatalf("POST %s: %d, want 200 stating %q", path, resp.StatusCode, want)
	}
	if got := confirmedCount(t, body); got != strconv.Itoa(n) {
		t.Fatalf("POST %s: the step confirms %s, want %d", path, got, n)
	}
	if got := done(); got != before {
		t.Fatalf("POST %s: done before the confirmation (%d, was %d)", path, got, before)
	}
	stale := url.Values{}
	for k, v := range form {
		stale[k] = v
	}
	stale.Set("confirmer", strconv.Itoa(n+1))
	resp, body = c.post(path, stale)
	if resp.StatusCode != http.StatusConflict || !strings.Contains(body, fmt.Sprintf("%d au lieu de %d", n, n+1)) || !strings.Contains(body, want) {
		t.Fatalf("POST %s with a stale count: %d, want 409 saying « %d au lieu de %d » and the new numbers", path, resp.StatusCode, n, n+1)
	}
	if got := done(); got != before {
		t.Fatalf("POST %s: done on a stale confirmation (%d, was %d)", path, got, before)
	}
	stale.Set("confirmer", strconv.Itoa(n))
	if resp, body = c.post(path, stale); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("POST %s confirmed: %d, want 303\n%s", path, resp.StatusCode, body)
	}
}

// TestConfirmationAnimation: an announcement to a segment, the invitation
// of a segment to an event and its cancellation each state their numbers
// first, and a stale count is refused.
func TestConfirmationAnimation(t *testing.T) {
	storetest.Databases(t, func(t *testing.T, u string) {
		srv := apptest.Start(t, apptest.Options{Demo: true, DatabaseURL: u})
		ctx := context.Background()
		st := srv.App.Store
		pilote := newClient(t, srv)
		pc := pilote.loginAs(demoEmail("pilote"))
		sc := model.Scope{Academie: pc.Habilitations[0].Academie}
		segs, err := st.ListSegments(ctx, sc)
		if err != nil || len(segs) == 0 {
			t.Fatalf("demo segments: %d %v", len(segs), err)
		}
		sg := segs[0]
		count := func(q string) func() int {
			return func() int {
				var n int
				if err := st.DB().QueryRowContext(ctx, q).Scan(&n); err != nil {
					t.Fatal(err)
				}
				return n
			}
		}

		t.Run("annonce", func(t *testing.T) {
			d, err := workflow.DecompteAnnonce(ctx, st, sg.Criteres.Borner(sc), false)
			if err != nil || d.Recevront == 0 {
				t.Fatalf("recipients of %s: %+v %v", sg.Nom, d, err)
			}
			checkConfirmation(t, pilote, "/animation/annonces", url.Values{"segment": {itoa(sg.ID)}, "titre": {"Lettre"}, "corps": {"Bonjour."}},
				d.Recevront, fmt.Sprintf("%s personne(s) du segment « %s » recevront ce message", model.Milliers(d.Recevront), sg.Nom), count("SELECT COUNT(*) FROM annonces"))
		})

		debut := time.Now().AddDate(0, 0, 10).Truncate(time.Hour)
		e := model.Evenement{Academie: sc.Academie, Type: model.EvenementReunion, Titre: "Réunion de rentrée", Lieu: "Rectorat", Debut: debut, Fin: debut.Add(2 * time.Hour)}
		if e.ID, err = st.CreateEvenement(ctx, e); err != nil {
			t.Fatal(err)
		}
		loc := "/animation/evenements/" + itoa(e.ID)
		participations := count(fmt.Sprintf("SELECT COUNT(*) FROM participations WHERE evenement_id = %d", e.ID))
		t.Run("invitation", func(t *testing.T) {
			n, err := workflow.DecompteInvitation(ctx, st, sc, e.ID, sg.Criteres.Borner(sc))
			if err != nil || n == 0 {
				t.Fatalf("people to invite: %d %v", n, err)
			}
			checkConfirmation(t, pilote, loc+"/invitations", url.Values{"segment": {itoa(sg.ID)}},
				n, fmt.Sprintf("%s personne(s) du segment « %s » recevront une invitation", model.Milliers(n), sg.Nom), participations)
			if got := participations(); got != n {
				t.Errorf("%d people invited, %d confirmed", got, n)
			}
			// Everyone is invited now: the step says so, and counts 0.
			if _, body := pilote.post(loc+"/invitations", url.Values{"segment": {itoa(sg.ID)}}); !strings.Contains(body, "est déjà invité") || confirmedCount(t, body) != "0" {
				t.Error("a second invitation of the same segment does not say that nobody is left to invite")
			}
		})

		t.Run("annulation", func(t *testing.T) {
			list, _ := st.ListParticipations(ctx, e.ID)
			if len(list) < 2 {
				t.Fatalf("%d participations", len(list))
			}
			// One registered, one on the waiting list: two people to tell.
			if err := st.SetEtatParticipation(ctx, list[0].ID, model.ParticipationInvite, model.ParticipationInscrit); err != nil {
				t.Fatal(err)
			}
			if err := st.SetEtatParticipation(ctx, list[1].ID, model.ParticipationInvite, model.ParticipationAttente); err != nil {
				t.Fatal(err)
			}
			annules := count(fmt.Sprintf("SELECT COUNT(*) FROM evenements WHERE id = %d AND etat = 'annule'", e.ID))
			checkConfirmation(t, pilote, loc+"/annulation", url.Values{"motif": {"salle indisponible"}},
				2, "2 personne(s) seront prévenues par courriel : 1 inscrite(s)", annules)
			if annules() != 1 {
				t.Error("the event is not cancelled after the confirmation")
			}
		})
	})
}

// TestConfirmationCampagne: the exam division reads how many people the
// availability campaign asks before anything leaves.
func TestConfirmationCampagne(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{Demo: true})
	ctx := context.Background()
	st := srv.App.Store
	agent := newClient(t, srv)
	agent.loginAs(demoEmail("examens"))
	resp, _ := agent.post("/jurys", url.Values{"nom": {"session de juin 2027"}, "debut": {"2027-06-14"}, "fin": {"2027-06-18"}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("session: %d", resp.StatusCode)
	}
	loc := resp.Header.Get("Location")
	id := mustID(t, strings.TrimPrefix(loc, "/jurys/"))
	importerJurys(t, agent, loc, apptest.FichierJurys(t, st))
	x, err := st.GetSessionExamen(ctx, id, "")
	if err != nil {
		t.Fatal(err)
	}
	n, err := workflow.DecompteCampagne(ctx, st, x)
	if err != nil || n == 0 {
		t.Fatalf("people to ask: %d %v", n, err)
	}
	echeance := time.Now().AddDate(0, 0, 20)
	checkConfirmation(t, agent, loc+"/campagne", url.Values{"echeance": {echeance.Format("2006-01-02")}},
		n, fmt.Sprintf("%s personne(s) recevront un courriel leur demandant leurs disponibilités", model.Milliers(n)), func() int {
			dispos, err := st.ListDisponibilites(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			return len(dispos)
		})
	if dispos, _ := st.ListDisponibilites(ctx, id); len(dispos) != n {
		t.Errorf("%d people asked, %d confirmed", len(dispos), n)
	}
}

// TestConfirmationRenouvellement: the renewal campaign states how many
// mandates and CEE it concerns before any changes state.
func TestConfirmationRenouvellement(t *testing.T) {
	storetest.Databases(t, func(t *testing.T, u string) {
		srv := apptest.Start(t, apptest.Options{Demo: true, DatabaseURL: u})
		ctx := context.Background()
		st := srv.App.Store
		pilote := newClient(t, srv)
		pc := pilote.loginAs(demoEmail("pilote"))
		acad := pc.Habilitations[0].Academie
		avant := model.JourDe(time.Now().AddDate(1, 0, 0))
		actives := func() int {
			ds, err := st.DesignationsEnding(ctx, acad, avant)
			if err != nil {
				t.Fatal(err)
			}
			n := 0
			for _, d := range ds {
				if d.Etat == model.DesignationActive {
					n++
				}
			}
			return n
		}
		n := actives()
		if n == 0 {
			t.Fatal("the demo has no mandate ending within a year: the test needs some")
		}
		checkConfirmation(t, pilote, "/mandats/renouvellement", url.Values{"avant": {avant.Format("2006-01-02")}},
			n, fmt.Sprintf("%d mandat(s) en cours finissant avant le %s passeront « en renouvellement »", n, model.Date(avant)),
			func() int { return n - actives() })
		if left := actives(); left != 0 {
			t.Errorf("%d mandates still running after the confirmed campaign", left)
		}
	})
}
