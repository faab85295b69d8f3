package web

import (
	"encoding/json"
	"net/http"
	"slices"
	"sort"
	"strings"

	"cee/internal/web/ui"
)

// MountAPI serves h under /api/v1/ and renders the reference page from
// doc, its OpenAPI document. The API sits outside the session and
// cross-origin middleware: a session cookie must not authenticate it (it
// reads only bearer tokens, which a browser never sends on its own), so
// cross-site requests carry no ambient authority and need no CSRF check.
func (s *Server) MountAPI(h http.Handler, doc []byte) {
	s.api, s.apiDoc = h, doc
}

// withAPI sends the API's paths to the API, the rest to the interface.
func (s *Server) withAPI(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if s.api != nil && (r.URL.Path == "/api/v1" || strings.HasPrefix(r.URL.Path, "/api/v1/")) {
			s.api.ServeHTTP(w, r)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// What the reference page reads of the OpenAPI document. The page is
// rendered from the document the API serves, so it cannot drift from it.
type refDoc struct {
	Info struct {
		Title, Version, Description string
	} `json:"info"`
	Servers []struct {
		URL string `json:"url"`
	} `json:"servers"`
	Tags []struct {
		Name, Description string
	} `json:"tags"`
	Paths      map[string]map[string]refOperation `json:"paths"`
	Components struct {
		Schemas map[string]refSchema `json:"schemas"`
	} `json:"components"`
}

type refOperation struct {
	OperationID string   `json:"operationId"`
	Summary     string   `json:"summary"`
	Description string   `json:"description"`
	Tags        []string `json:"tags"`
	Parameters  []struct {
		Name, In, Description string
		Required              bool
		Schema                refSchema
	} `json:"parameters"`
	RequestBody *struct {
		Content map[string]struct {
			Schema refSchema `json:"schema"`
		} `json:"content"`
	} `json:"requestBody"`
	Responses map[string]struct {
		Description string `json:"description"`
		Content     map[string]struct {
			Schema refSchema `json:"schema"`
		} `json:"content"`
	} `json:"responses"`
	Security *[]map[string][]string `json:"security"`

	Method, Path string `json:"-"`
}

type refSchema struct {
	Ref         string               `json:"$ref"`
	Type        any                  `json:"type"`
	Format      string               `json:"format"`
	Description string               `json:"description"`
	Enum        []any                `json:"enum"`
	Properties  map[string]refSchema `json:"properties"`
	Required    []string             `json:"required"`
	Items       *refSchema           `json:"items"`
}

// label writes a schema's type for people: « Demande », « tableau de
// Creneau », « chaîne (date) ».
func (sc refSchema) label() string {
	if sc.Ref != "" {
		return sc.Ref[strings.LastIndexByte(sc.Ref, '/')+1:]
	}
	var t string
	nullable := false
	switch v := sc.Type.(type) {
	case string:
		t = v
	case []any:
		for _, x := range v {
			if x == "null" {
				nullable = true
			} else if s, ok := x.(string); ok {
				t = s
			}
		}
	}
	out := map[string]string{"string": "chaîne", "integer": "entier", "number": "nombre", "boolean": "booléen", "object": "objet", "array": "tableau"}[t]
	if out == "" {
		out = t
	}
	if t == "array" && sc.Items != nil {
		out += " de " + sc.Items.label()
	}
	if sc.Format != "" {
		out += " (" + sc.Format + ")"
	}
	if len(sc.Enum) > 0 {
		var vals []string
		for _, e := range sc.Enum {
			if s, ok := e.(string); ok && s != "" {
				vals = append(vals, s)
			}
		}
		out += " : " + strings.Join(vals, ", ")
	}
	if nullable {
		out += ", ou null"
	}
	return out
}

type refTag struct {
	Name, Description string
	Ops               []refOperation
}

type refSchemaNamed struct {
	Name   string
	Schema refSchema
}

type apiRefData struct {
	Doc     refDoc
	Base    string
	Tags    []refTag
	Schemas []refSchemaNamed
}

// handleAPIReference is the public reference of the API, in DSFR style.
func (s *Server) handleAPIReference(w http.ResponseWriter, r *http.Request) error {
	if s.apiDoc == nil {
		return withStatus(http.StatusNotFound, errNotFoundPage)
	}
	var d apiRefData
	if err := json.Unmarshal(s.apiDoc, &d.Doc); err != nil {
		return err
	}
	if len(d.Doc.Servers) > 0 {
		d.Base = d.Doc.Servers[0].URL
	}
	byTag := map[string]*refTag{}
	for _, t := range d.Doc.Tags {
		d.Tags = append(d.Tags, refTag{Name: t.Name, Description: t.Description})
	}
	for i := range d.Tags {
		byTag[d.Tags[i].Name] = &d.Tags[i]
	}
	paths := make([]string, 0, len(d.Doc.Paths))
	for p := range d.Doc.Paths {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	for _, p := range paths {
		for _, m := range []string{"get", "post", "put", "patch", "delete"} {
			op, ok := d.Doc.Paths[p][m]
			if !ok {
				continue
			}
			op.Method, op.Path = strings.ToUpper(m), p
			for _, t := range op.Tags {
				if tag := byTag[t]; tag != nil {
					tag.Ops = append(tag.Ops, op)
				}
			}
		}
	}
	for name, sc := range d.Doc.Components.Schemas {
		d.Schemas = append(d.Schemas, refSchemaNamed{Name: name, Schema: sc})
	}
	sort.Slice(d.Schemas, func(i, j int) bool { return d.Schemas[i].Name < d.Schemas[j].Name })
	return render(w, r, http.StatusOK, apiReferencePage(s.layout(r, "API : référence"), d))
}

func (op refOperation) anchor() string { return "op-" + op.OperationID }

func sortedStatuses(op refOperation) []string {
	out := make([]string, 0, len(op.Responses))
	for st := range op.Responses {
		out = append(out, st)
	}
	sort.Strings(out)
	return out
}

func propertyNames(sc refSchema) []string {
	out := make([]string, 0, len(sc.Properties))
	for n := range sc.Properties {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

func oui(b bool) string {
	if b {
		return "oui"
	}
	return "non"
}

func bodyLabel(op refOperation, status string) string {
	resp := op.Responses[status]
	for _, c := range resp.Content {
		return c.Schema.label()
	}
	return "—"
}

func requestLabel(op refOperation) string {
	if op.RequestBody == nil {
		return ""
	}
	for _, c := range op.RequestBody.Content {
		return c.Schema.label()
	}
	return ""
}

func paramsTable(op refOperation) ui.TableParams {
	t := ui.TableParams{ID: op.anchor() + "-parametres", Caption: "Paramètres de " + op.Method + " " + op.Path,
		Headers: []string{"Nom", "Où", "Type", "Obligatoire", "Description"}}
	in := map[string]string{"path": "chemin", "query": "requête", "header": "en-tête"}
	for _, p := range op.Parameters {
		t.Rows = append(t.Rows, []ui.TableCell{{Text: p.Name}, {Text: in[p.In]}, {Text: p.Schema.label(), Multiline: true}, {Text: oui(p.Required)}, {Text: p.Description, Multiline: true}})
	}
	return t
}

func responsesTable(op refOperation) ui.TableParams {
	t := ui.TableParams{ID: op.anchor() + "-reponses", Caption: "Réponses de " + op.Method + " " + op.Path,
		Headers: []string{"Statut", "Corps", "Description"}}
	for _, st := range sortedStatuses(op) {
		t.Rows = append(t.Rows, []ui.TableCell{{Text: st}, {Text: bodyLabel(op, st), Href: schemaHref(op, st)}, {Text: op.Responses[st].Description, Multiline: true}})
	}
	return t
}

func schemaHref(op refOperation, st string) string {
	for _, c := range op.Responses[st].Content {
		if c.Schema.Ref != "" {
			return "#schema-" + c.Schema.label()
		}
	}
	return ""
}

func schemaTable(n refSchemaNamed) ui.TableParams {
	t := ui.TableParams{ID: "schema-" + n.Name + "-champs", Caption: "Champs de " + n.Name, CaptionHidden: true,
		Headers: []string{"Champ", "Type", "Toujours présent", "Description"}, Empty: "Objet libre."}
	for _, name := range propertyNames(n.Schema) {
		p := n.Schema.Properties[name]
		t.Rows = append(t.Rows, []ui.TableCell{{Text: name}, {Text: p.label(), Multiline: true}, {Text: oui(slices.Contains(n.Schema.Required, name))}, {Text: p.Description, Multiline: true}})
	}
	return t
}

func methodKind(m string) string {
	if m == "GET" {
		return ui.KindInfo
	}
	return ui.KindWarning
}
