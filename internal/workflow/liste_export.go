package workflow

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strconv"
	"strings"
	"time"

	"cee/internal/export"
	"cee/internal/job"
	"cee/internal/model"
	"cee/internal/policy"
	"cee/internal/refdata"
	"cee/internal/store"
)

// SeuilExportDirect is the number of rows above which an export is
// prepared by a job instead of sent while the person waits: measured on
// the shared test machine, 10,000 rows take 0.5 to 1.5 s in CSV and 1.5 to
// 3.5 s in XLSX (docs/benchmarks.md, « Exports »).
var SeuilExportDirect = 10000

// RequeteExport is one list to take out as a spreadsheet: its format and
// the filter its page built from the reader's role and the filters they
// chose (exactly one of the filters is set, the list's). It is kept as
// JSON with an export prepared by a job, which applies the same filter.
type RequeteExport struct {
	Liste  model.ListeExport
	Format export.Format
	// Filtres is the filters chosen, in words, for the journal.
	Filtres        string
	Demandes       *store.DemandeFilter       `json:",omitempty"`
	Sollicitations *store.SollicitationFilter `json:",omitempty"`
	Actions        *store.InterventionFilter  `json:",omitempty"`
	Professionnels *store.ProfessionnelFilter `json:",omitempty"`
	Participants   *FiltreParticipants        `json:",omitempty"`
	Journal        *store.JournalFilter       `json:",omitempty"`
}

// FiltreParticipants is an event's people, in some states (all when none).
type FiltreParticipants struct {
	EvenementID int64
	Etats       []model.EtatParticipation
}

// LireFiltres reads the filters of list l from a page's or the API's query
// parameters, within p's scope (the same as the list's); errs holds a
// French message per parameter for what cannot be read or contradicts
// another filter. actionConnue tells the journal's actions offered. The
// participants' event is the caller's to set (it checks it is in scope).
func LireFiltres(p model.Principal, l model.ListeExport, q url.Values, actionConnue func(string) bool) (RequeteExport, map[string]string) {
	req := RequeteExport{Liste: l, Format: export.FormatCSV}
	errs := map[string]string{}
	var mots []string
	note := func(label, v string) {
		if v != "" {
			mots = append(mots, label+" = "+v)
		}
	}
	switch v := q.Get("format"); v {
	case "", "csv":
	case "xlsx":
		req.Format = export.FormatXLSX
	default:
		errs["format"] = "Format inconnu : choisissez CSV ou XLSX."
	}
	periode := func() model.Periode {
		var per model.Periode
		for _, f := range []struct {
			name string
			t    *time.Time
		}{{"du", &per.Debut}, {"au", &per.Fin}} {
			v := q.Get(f.name)
			if v == "" {
				continue
			}
			t, err := time.ParseInLocation("2006-01-02", v, time.UTC)
			if err != nil {
				errs[f.name] = "Date invalide : format attendu JJ/MM/AAAA."
				continue
			}
			*f.t = t
			note(f.name, t.Format("02/01/2006"))
		}
		for k, v := range per.ErreursFiltre() {
			errs[k] = v
		}
		return per
	}
	switch l {
	case model.ExportDemandes, model.ExportSollicitations:
		f := FiltreDemandes(p)
		if v := q.Get("etat_demande"); v != "" && v != "tous" {
			if model.EtatDemande(v).Label() == "" {
				errs["etat_demande"] = "État de demande inconnu."
			} else {
				f.Etats = []model.EtatDemande{model.EtatDemande(v)}
				note("état de la demande", model.EtatDemande(v).Label())
			}
		}
		if l == model.ExportDemandes {
			// The list page's own parameter names, and its default.
			if q.Get("etat") == "" && q.Get("etat_demande") == "" {
				if f.Etats = EtatsParDefaut(p); f.Etats != nil {
					note("état", "en cours")
				}
			}
			if v := q.Get("etat"); v != "" && v != "tous" {
				if model.EtatDemande(v).Label() == "" {
					errs["etat"] = "État de demande inconnu."
				} else {
					if len(f.Etats) > 0 && f.Etats[0] != model.EtatDemande(v) {
						errs["etat"] = "Deux états différents sont demandés (« " + model.EtatDemande(v).Label() + " » et « " +
							f.Etats[0].Label() + " ») : aucune demande ne peut avoir les deux ; gardez-en un."
					}
					f.Etats = []model.EtatDemande{model.EtatDemande(v)}
					note("état", model.EtatDemande(v).Label())
				}
			}
		}
		if v := q.Get("type"); v != "" {
			if model.TypeDemande(v).Label() == "" {
				errs["type"] = "Type de demande inconnu."
			} else {
				f.Type = model.TypeDemande(v)
				note("type", f.Type.Label())
			}
		}
		if l == model.ExportDemandes {
			req.Demandes = &f
			break
		}
		sf := store.SollicitationFilter{Demandes: f, Periode: periode()}
		if id, ok := policy.ConseillerDe(p); ok {
			sf.ConseillerID = id
		}
		if v := q.Get("etat"); v != "" {
			if model.EtatSollicitation(v).Label() == "" {
				errs["etat"] = "État de sollicitation inconnu."
			} else {
				sf.Etats = []model.EtatSollicitation{model.EtatSollicitation(v)}
				note("état", sf.Etats[0].Label())
			}
		}
		req.Sollicitations = &sf
	case model.ExportActions:
		f := store.InterventionFilter{Scope: policy.ScopeOf(p), Periode: periode()}
		if v := q.Get("conseiller"); v != "" {
			id, err := strconv.ParseInt(v, 10, 64)
			if err != nil || id <= 0 {
				errs["conseiller"] = "Conseiller inconnu."
			} else {
				f.ConseillerID = id
				note("conseiller", v)
			}
		}
		if v := q.Get("type"); v != "" {
			if model.TypeDemande(v).Label() == "" {
				errs["type"] = "Type d'action inconnu."
			} else {
				f.Type = model.TypeDemande(v)
				note("type", f.Type.Label())
			}
		}
		req.Actions = &f
	case model.ExportProfessionnels:
		f := store.ProfessionnelFilter{Scope: policy.ScopeOf(p), Q: strings.TrimSpace(q.Get("q"))}
		note("recherche", f.Q)
		req.Professionnels = &f
	case model.ExportJournal:
		f := store.JournalFilter{Scope: policy.ScopeOf(p), Email: strings.TrimSpace(q.Get("qui"))}
		note("auteur", f.Email)
		if a := q.Get("action"); a != "" {
			if !actionConnue(a) {
				errs["action"] = "Action inconnue."
			} else {
				f.Action = a
				note("action", a)
			}
		}
		if v := q.Get("depuis"); v != "" {
			t, err := time.ParseInLocation("2006-01-02", v, model.Paris)
			if err != nil {
				errs["depuis"] = "Date invalide : format attendu JJ/MM/AAAA."
			} else {
				f.Depuis = t
				note("depuis", t.Format("02/01/2006"))
			}
		}
		req.Journal = &f
	}
	req.Filtres = strings.Join(mots, ", ")
	return req, errs
}

// EtatsParDefaut are the states of the requests p's list shows when no
// state is chosen: the open ones for a pilote, who works on them
// (policy.DemandesOuvertesParDefaut); nil (all) for anyone else.
func EtatsParDefaut(p model.Principal) []model.EtatDemande {
	if policy.DemandesOuvertesParDefaut(p) {
		return []model.EtatDemande{model.DemandeAValider, model.DemandeEnRecherche, model.DemandePourvue}
	}
	return nil
}

// NomFichier is the file's name: the list and the day.
func (r RequeteExport) NomFichier(now time.Time) string {
	return string(r.Liste) + "-" + now.Format("2006-01-02") + "." + string(r.Format)
}

// CompterExport counts the rows r would write, to choose between a direct
// download and a prepared one.
func CompterExport(ctx context.Context, s *store.Store, r RequeteExport) (int, error) {
	switch {
	case r.Demandes != nil:
		return s.CountDemandes(ctx, *r.Demandes)
	case r.Sollicitations != nil:
		return s.CompterSollicitations(ctx, *r.Sollicitations)
	case r.Actions != nil:
		return s.CountInterventions(ctx, *r.Actions)
	case r.Professionnels != nil:
		return s.CountProfessionnels(ctx, *r.Professionnels)
	case r.Participants != nil:
		ps, err := s.ListParticipations(ctx, r.Participants.EvenementID, r.Participants.Etats...)
		return len(ps), err
	case r.Journal != nil:
		return s.CountJournal(ctx, *r.Journal)
	}
	return 0, fmt.Errorf("export %q sans filtre", r.Liste)
}

// EcrireExport journals the export, then writes the spreadsheet to w as
// the rows are read: the direct download of a list under the threshold.
func EcrireExport(ctx context.Context, s *store.Store, a Actor, r RequeteExport, n int, w io.Writer) error {
	if err := journaliserExport(ctx, s, a, r, n, 0); err != nil {
		return err
	}
	_, err := ecrire(ctx, s, r, w, nil)
	return err
}

func journaliserExport(ctx context.Context, s *store.Store, a Actor, r RequeteExport, n int, prepare int64) error {
	detail := fmt.Sprintf("%s : %d ligne(s), %s", strings.ToLower(r.Liste.Label()), n, strings.ToUpper(string(r.Format)))
	if r.Filtres != "" {
		detail += " ; filtres : " + r.Filtres
	}
	if prepare != 0 {
		detail += fmt.Sprintf(" ; préparé (export %d)", prepare)
	}
	return journaliser(ctx, s, a, store.AuditExport, "export", prepare, "", a.via(detail))
}

// LancerExport records an export too long to send at once and the job that
// prepares it (priority bulk: it waits behind what people wait for), with
// its journal line, in one transaction; the file is kept for its requester
// only, model.ConservationExport.
func LancerExport(ctx context.Context, s *store.Store, a Actor, r RequeteExport, n int, now time.Time) (int64, error) {
	req, err := json.Marshal(r)
	if err != nil {
		return 0, err
	}
	var id int64
	err = s.InTx(ctx, func(tx *store.Store) error {
		var err error
		id, err = tx.CreateExport(ctx, store.Export{CompteID: a.Compte.ID, Liste: r.Liste, Format: string(r.Format), Requete: req,
			Libelle: r.Filtres, Academie: a.P.H.Academie, Total: n, ExpireLe: now.Add(model.ConservationExport)})
		if err != nil {
			return err
		}
		if _, err := tx.EnqueueJob(ctx, store.NewJob{Kind: job.KindExport, Payload: struct{ Export int64 }{id},
			Priority: store.PriorityBulk, MaxAttempts: 3}); err != nil {
			return err
		}
		return journaliserExport(ctx, tx, a, r, n, id)
	})
	return id, err
}

// ExportDe returns an export prepared for the actor: ErrNotFound for
// anyone else's, and once its keeping time is over (it is purged then).
func ExportDe(ctx context.Context, s *store.Store, a Actor, id int64, now time.Time) (store.Export, error) {
	e, err := s.GetExport(ctx, id)
	if err != nil {
		return e, err
	}
	if e.CompteID != a.Compte.ID || !now.Before(e.ExpireLe) {
		return store.Export{}, store.ErrNotFound
	}
	return e, nil
}

// TelechargerExport sends a prepared file to its requester, chunk by
// chunk, and journals the download.
func TelechargerExport(ctx context.Context, s *store.Store, a Actor, e store.Export, w io.Writer) error {
	if e.Etat != model.ExportPret {
		return &model.Erreur{Genre: model.GenreRefus, Message: "Ce fichier n'est pas encore prêt : attendez la fin de la préparation."}
	}
	if err := journaliser(ctx, s, a, store.AuditExport, "export", e.ID, e.Academie,
		a.via(fmt.Sprintf("téléchargement de l'export préparé %d (%d ligne(s))", e.ID, e.Faites))); err != nil {
		return err
	}
	return s.EachMorceau(ctx, e.ID, func(b []byte) error { _, err := w.Write(b); return err })
}

// tailleMorceau is the size of the chunks a prepared file is stored in.
const tailleMorceau = 1 << 20

// morceaux is the writer of a prepared file: it stores a chunk each time
// tailleMorceau bytes are written, with the rows done so far.
type morceaux struct {
	ctx    context.Context
	s      *store.Store
	id     int64
	n      int
	buf    bytes.Buffer
	faites *int
}

func (m *morceaux) Write(p []byte) (int, error) {
	m.buf.Write(p)
	for m.buf.Len() >= tailleMorceau {
		if err := m.flush(tailleMorceau); err != nil {
			return 0, err
		}
	}
	return len(p), nil
}

func (m *morceaux) flush(size int) error {
	chunk := m.buf.Next(size)
	if err := m.s.AjouterMorceau(m.ctx, m.id, m.n, chunk, *m.faites); err != nil {
		return err
	}
	m.n++
	return nil
}

// ProduireExport is the job: it writes the file of export id from its
// start (a retry drops an earlier attempt's chunks) and reports the rows
// done as it goes.
func ProduireExport(ctx context.Context, s *store.Store, id int64) error {
	e, err := s.GetExport(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return nil // purged meanwhile
	}
	if err != nil {
		return err
	}
	if e.Etat == model.ExportPret {
		return nil
	}
	var r RequeteExport
	if err := json.Unmarshal(e.Requete, &r); err != nil {
		return fmt.Errorf("export %d illisible : %w", id, err)
	}
	if err := s.DebuterExport(ctx, id); err != nil {
		return err
	}
	faites := 0
	m := &morceaux{ctx: ctx, s: s, id: id, faites: &faites}
	n, err := ecrire(ctx, s, r, m, func(n int) { faites = n })
	if err == nil && m.buf.Len() > 0 {
		err = m.flush(m.buf.Len())
	}
	if err != nil {
		// The page shows this text; the job's log keeps the error.
		if e2 := s.TerminerExport(ctx, id, faites, "la préparation a échoué ; elle sera reprise, sinon relancez l'export depuis la liste"); e2 != nil {
			return errors.Join(err, e2)
		}
		return err
	}
	return s.TerminerExport(ctx, id, n, "")
}

// ecrire writes r's spreadsheet to w; progress, when set, is told the rows
// written. It returns the number of rows.
func ecrire(ctx context.Context, s *store.Store, r RequeteExport, w io.Writer, progress func(int)) (int, error) {
	header, rows := colonnes(r)
	t, err := export.Nouveau(r.Format, w, r.Liste.Label(), header)
	if err != nil {
		return 0, err
	}
	n := 0
	ligne := func(cells []string) error {
		n++
		if progress != nil {
			progress(n)
		}
		return t.Ligne(cells)
	}
	if err := rows(ctx, s, ligne); err != nil {
		t.Close()
		return n, err
	}
	return n, t.Close()
}

// colonnes are the header of r's list and the reader of its rows.
func colonnes(r RequeteExport) ([]string, func(context.Context, *store.Store, func([]string) error) error) {
	switch {
	case r.Demandes != nil:
		return []string{"N°", "Titre", "Type", "État", "Académie", "Établissement", "UAI", "Département", "Commune", "Dates",
				"Élèves", "Niveaux", "Personnes souhaitées", "Acceptées", "Échéance", "Auteur", "Contact", "Courriel du contact", "Créée le"},
			func(ctx context.Context, s *store.Store, ligne func([]string) error) error {
				return s.EachDemande(ctx, *r.Demandes, func(d model.Demande) error {
					return ligne([]string{strconv.FormatInt(d.ID, 10), d.Titre, d.Type.Label(), d.Etat.Label(), refdata.LibelleAcademie(d.Academie),
						d.Etablissement, d.UAI, d.Departement, refdata.NomCommune(d.CodeCommune), datesDemande(d), strconv.Itoa(d.Eleves),
						strings.Join(d.Niveaux, ", "), strconv.Itoa(d.Personnes), strconv.Itoa(d.Acceptees), jour(d.Echeance), d.Auteur,
						d.ContactNom, d.ContactEmail, jour(d.CreatedAt)})
				})
			}
	case r.Sollicitations != nil:
		return []string{"N° de demande", "Demande", "Type", "Établissement", "UAI", "Académie", "Personne sollicitée", "Courriel",
				"Genre", "État", "Motif", "Relances", "Envoyée le", "Répondue le", "Expire le"},
			func(ctx context.Context, s *store.Store, ligne func([]string) error) error {
				return s.EachSollicitation(ctx, *r.Sollicitations, func(l store.SollicitationLigne) error {
					genre := "CEE"
					if l.ProfessionnelID != 0 {
						genre = "Professionnel"
					}
					repondue := ""
					if l.RepondueLe != nil {
						repondue = jour(*l.RepondueLe)
					}
					return ligne([]string{strconv.FormatInt(l.DemandeID, 10), l.Titre, l.Type.Label(), l.Etablissement, l.UAI,
						refdata.LibelleAcademie(l.Academie), l.Nom, l.Email, genre, l.Etat.Label(), l.Motif, strconv.Itoa(l.Relances), jour(l.CreatedAt),
						repondue, jour(l.ExpireLe)})
				})
			}
	case r.Actions != nil:
		return []string{"Date", "CEE", "Type", "Durée (h)", "Établissement", "UAI", "Académie", "Élèves", "Niveaux",
				"Professionnels associés", "N° de demande", "Compte rendu"},
			func(ctx context.Context, s *store.Store, ligne func([]string) error) error {
				return s.EachIntervention(ctx, *r.Actions, func(i store.InterventionLigne) error {
					demande := ""
					if i.DemandeID != 0 {
						demande = strconv.FormatInt(i.DemandeID, 10)
					}
					return ligne([]string{jour(i.Date), i.Conseiller, i.Type.Label(), decimal(i.Heures()), i.Etablissement, i.UAI,
						refdata.LibelleAcademie(i.Academie), strconv.Itoa(i.Eleves), strings.Join(i.Niveaux, ", "), strconv.Itoa(i.Professionnels), demande, i.Description})
				})
			}
	case r.Professionnels != nil:
		return []string{"Civilité", "Nom", "Prénom", "Courriel", "Téléphone", "Entreprise", "Code NAF", "Commune", "Département",
				"Académie", "Interventions", "Visites", "Stages", "Jurys", "Statut", "Accord donné le"},
			func(ctx context.Context, s *store.Store, ligne func([]string) error) error {
				return s.EachProfessionnel(ctx, *r.Professionnels, func(p model.Professionnel) error {
					accord := ""
					if p.ConsentLe != nil {
						accord = jour(*p.ConsentLe)
					}
					return ligne([]string{p.Civilite, p.Nom, p.Prenom, p.Email, p.Telephone, p.Entreprise, p.CodeNAF, p.NomCommune,
						p.Departement, refdata.LibelleAcademie(p.Academie), ouiNon(p.Consent.Interventions), ouiNon(p.Consent.Visites),
						ouiNon(p.Consent.Stages), ouiNon(p.Consent.Jurys), p.StatutPro.Label(), accord})
				})
			}
	case r.Participants != nil:
		return []string{"Nom", "Courriel", "Genre", "Inscription", "Présent", "Inscrit le"},
			func(ctx context.Context, s *store.Store, ligne func([]string) error) error {
				// An event's people are a few hundred at most: one read.
				ps, err := s.ListParticipations(ctx, r.Participants.EvenementID, r.Participants.Etats...)
				if err != nil {
					return err
				}
				for _, p := range ps {
					genre := "CEE"
					if p.ProfessionnelID != 0 {
						genre = "Professionnel"
					}
					inscrit := ""
					if p.InscritLe != nil {
						inscrit = jour(*p.InscritLe)
					}
					if err := ligne([]string{p.Nom, p.Email, genre, p.Etat.Label(), ouiNon(p.Present), inscrit}); err != nil {
						return err
					}
				}
				return nil
			}
	case r.Journal != nil:
		return []string{"Date et heure (UTC)", "Compte", "Rôle", "Adresse IP", "Action", "Objet", "N° d'objet", "Académie", "Détail"},
			func(ctx context.Context, s *store.Store, ligne func([]string) error) error {
				return s.EachJournal(ctx, *r.Journal, func(e store.Entree) error {
					return ligne([]string{e.At.UTC().Format("02/01/2006 15:04:05"), e.Email, e.Role, e.IP, e.Action, e.ObjetType,
						e.ObjetID, e.Academie, e.Detail})
				})
			}
	}
	return nil, func(context.Context, *store.Store, func([]string) error) error {
		return fmt.Errorf("export %q sans filtre", r.Liste)
	}
}

func jour(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format("02/01/2006")
}

// datesDemande is a request's days: its slots, or its period.
func datesDemande(d model.Demande) string {
	if d.Debut != nil {
		s := "du " + jour(*d.Debut)
		if d.Fin != nil {
			s += " au " + jour(*d.Fin)
		}
		return s
	}
	parts := make([]string, 0, len(d.Creneaux))
	for _, c := range d.Creneaux {
		parts = append(parts, c.Label())
	}
	return strings.Join(parts, " ; ")
}
