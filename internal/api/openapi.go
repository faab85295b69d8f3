package api

import (
	"net/http"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"cee/internal/model"
)

// The OpenAPI 3.1 document, typed. Only what the API uses is modelled.

// Document is an OpenAPI 3.1 document.
type Document struct {
	OpenAPI    string                          `json:"openapi"`
	Info       Info                            `json:"info"`
	Servers    []ServerURL                     `json:"servers"`
	Security   []map[string][]string           `json:"security"`
	Tags       []Tag                           `json:"tags"`
	Paths      map[string]map[string]Operation `json:"paths"`
	Components Components                      `json:"components"`
}

// Info describes the API.
type Info struct {
	Title       string `json:"title"`
	Version     string `json:"version"`
	Description string `json:"description"`
}

// ServerURL is where the operations' paths start.
type ServerURL struct {
	URL string `json:"url"`
}

// Tag groups operations on the reference page.
type Tag struct {
	Name        string `json:"name"`
	Description string `json:"description,omitempty"`
}

// Operation is one method on one path.
type Operation struct {
	OperationID string                 `json:"operationId"`
	Summary     string                 `json:"summary"`
	Description string                 `json:"description,omitempty"`
	Tags        []string               `json:"tags"`
	Parameters  []Parameter            `json:"parameters,omitempty"`
	RequestBody *RequestBody           `json:"requestBody,omitempty"`
	Responses   map[string]Response    `json:"responses"`
	Security    *[]map[string][]string `json:"security,omitempty"`
}

// Parameter is a path, query or header parameter.
type Parameter struct {
	Name        string  `json:"name"`
	In          string  `json:"in"`
	Description string  `json:"description,omitempty"`
	Required    bool    `json:"required"`
	Schema      *Schema `json:"schema"`
}

// RequestBody is an operation's input.
type RequestBody struct {
	Required bool                 `json:"required"`
	Content  map[string]MediaType `json:"content"`
}

// MediaType holds the schema of a body.
type MediaType struct {
	Schema *Schema `json:"schema"`
}

// Response is one documented status of an operation.
type Response struct {
	Description string               `json:"description"`
	Headers     map[string]Header    `json:"headers,omitempty"`
	Content     map[string]MediaType `json:"content,omitempty"`
}

// Header is a documented response header.
type Header struct {
	Description string  `json:"description"`
	Required    bool    `json:"required,omitempty"`
	Schema      *Schema `json:"schema"`
}

// Components holds the named schemas and the security scheme.
type Components struct {
	Schemas         map[string]*Schema        `json:"schemas"`
	SecuritySchemes map[string]SecurityScheme `json:"securitySchemes"`
}

// SecurityScheme is the bearer token scheme.
type SecurityScheme struct {
	Type        string `json:"type"`
	Scheme      string `json:"scheme"`
	Description string `json:"description"`
}

// Schema is a JSON Schema (2020-12, as OpenAPI 3.1 uses).
type Schema struct {
	Ref                  string             `json:"$ref,omitempty"`
	Type                 any                `json:"type,omitempty"` // a name, or [name, "null"]
	Format               string             `json:"format,omitempty"`
	Description          string             `json:"description,omitempty"`
	Enum                 []any              `json:"enum,omitempty"`
	Properties           map[string]*Schema `json:"properties,omitempty"`
	Required             []string           `json:"required,omitempty"`
	AdditionalProperties any                `json:"additionalProperties,omitempty"` // false, or a schema
	Items                *Schema            `json:"items,omitempty"`
	Minimum              *int               `json:"minimum,omitempty"`
	Maximum              *int               `json:"maximum,omitempty"`
}

// Date is a calendar day, AAAA-MM-JJ.
type Date string

func dateOf(t time.Time) Date { return Date(t.Format(time.DateOnly)) }

func datePtr(t *time.Time) *Date {
	if t == nil || t.IsZero() {
		return nil
	}
	d := dateOf(*t)
	return &d
}

// enums gives the allowed values of the domain's string types, from the
// model's own lists so that a new state shows in the document at once.
var enums = map[reflect.Type]func() []string{
	reflect.TypeFor[model.EtatDemande](): func() []string { return stringsOf(model.EtatsDemande()) },
	// A draft may have no type yet.
	reflect.TypeFor[model.TypeDemande](): func() []string { return append(stringsOf(model.TypesDemande()), "") },
	reflect.TypeFor[model.Role]():        func() []string { return stringsOf(model.Roles()) },
	reflect.TypeFor[model.EtatDesignation](): func() []string {
		return append([]string{""}, stringsOf(model.EtatsDesignation())...)
	},
}

func stringsOf[T ~string](list []T) []string {
	out := make([]string, len(list))
	for i, v := range list {
		out[i] = string(v)
	}
	return out
}

// schemas builds JSON Schemas from Go types by reflection: named structs go
// to components and are referenced.
type schemas struct{ defs map[string]*Schema }

func componentName(t reflect.Type) string {
	name := t.Name()
	if i := strings.IndexByte(name, '['); i >= 0 { // a generic: Page[cee/internal/api.Demande] → PageDemande
		arg := name[i+1 : len(name)-1]
		arg = arg[strings.LastIndexByte(arg, '.')+1:]
		name = name[:i] + arg
	}
	return name
}

func (s *schemas) of(t reflect.Type) *Schema {
	if f, ok := enums[t]; ok {
		var vals []any
		for _, v := range f() {
			vals = append(vals, v)
		}
		return &Schema{Type: "string", Enum: vals}
	}
	switch t {
	case reflect.TypeFor[RawDocument]():
		return &Schema{Type: "object", Description: "Un document OpenAPI 3.1."}
	case reflect.TypeFor[time.Time]():
		return &Schema{Type: "string", Format: "date-time"}
	case reflect.TypeFor[Date]():
		return &Schema{Type: "string", Format: "date"}
	}
	switch t.Kind() {
	case reflect.Pointer:
		inner := s.of(t.Elem())
		if inner.Ref != "" {
			panic("api: pointeur vers une structure nommée non pris en charge : " + t.String())
		}
		inner.Type = []string{inner.Type.(string), "null"}
		if inner.Enum != nil {
			inner.Enum = append(inner.Enum, nil)
		}
		return inner
	case reflect.String:
		return &Schema{Type: "string"}
	case reflect.Bool:
		return &Schema{Type: "boolean"}
	case reflect.Int, reflect.Int32, reflect.Int64:
		return &Schema{Type: "integer"}
	case reflect.Float64:
		return &Schema{Type: "number"}
	case reflect.Slice:
		return &Schema{Type: "array", Items: s.of(t.Elem())}
	case reflect.Map:
		return &Schema{Type: "object", AdditionalProperties: s.of(t.Elem())}
	case reflect.Struct:
		name := componentName(t)
		if _, ok := s.defs[name]; !ok {
			s.defs[name] = nil // reserve: a recursive type refers to itself
			s.defs[name] = s.object(t)
		}
		return &Schema{Ref: "#/components/schemas/" + name}
	}
	panic("api: type sans schéma : " + t.String())
}

func (s *schemas) object(t reflect.Type) *Schema {
	o := &Schema{Type: "object", Properties: map[string]*Schema{}, AdditionalProperties: false}
	s.fields(t, o)
	sort.Strings(o.Required)
	return o
}

// fields adds t's fields to o; an embedded struct's fields are inlined,
// as encoding/json does.
func (s *schemas) fields(t reflect.Type, o *Schema) {
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		tag := f.Tag.Get("json")
		if f.Anonymous && tag == "" && f.Type.Kind() == reflect.Struct {
			s.fields(f.Type, o)
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		if name == "-" {
			continue
		}
		if name == "" {
			name = f.Name
		}
		fs := s.of(f.Type)
		if d := f.Tag.Get("doc"); d != "" {
			if fs.Ref != "" { // siblings of $ref are allowed in 2020-12, but keep the reference clean
				fs = &Schema{Ref: fs.Ref, Description: d}
			} else {
				fs.Description = d
			}
		}
		o.Properties[name] = fs
		if !strings.Contains(opts, "omitempty") {
			o.Required = append(o.Required, name)
		}
	}
}

// Document builds the OpenAPI document from the table of routes.
func (s *Server) Document() Document {
	sc := &schemas{defs: map[string]*Schema{}}
	problemRef := sc.of(reflect.TypeFor[Problem]())
	doc := Document{
		OpenAPI: "3.1.0",
		Info: Info{Title: "API des conseillers entreprises pour l'École", Version: "1.0.0",
			Description: "Lecture et écriture des données du système d'information des CEE, avec les mêmes droits que l'interface web. " +
				"Authentification par jeton d'API (en-tête Authorization: Bearer), créé par chaque compte sur la page « Mes jetons d'API ». " +
				"Erreurs au format application/problem+json (RFC 9457) ; listes paginées par curseur ; ETag et If-Match sur les ressources modifiables."},
		Servers:  []ServerURL{{URL: Prefix}},
		Security: []map[string][]string{{"jeton": {}}},
		Paths:    map[string]map[string]Operation{},
		Components: Components{Schemas: sc.defs, SecuritySchemes: map[string]SecurityScheme{
			"jeton": {Type: "http", Scheme: "bearer", Description: "Jeton d'API « cee_… », montré une seule fois à sa création."}}},
	}
	seenTags := map[string]bool{}
	for _, rt := range s.routes {
		if !seenTags[rt.Tag] {
			seenTags[rt.Tag] = true
			doc.Tags = append(doc.Tags, Tag{Name: rt.Tag, Description: tagDescriptions[rt.Tag]})
		}
		op := Operation{OperationID: rt.ID, Summary: rt.Resume, Description: rt.Description, Tags: []string{rt.Tag},
			Responses: map[string]Response{}}
		for _, p := range rt.params() {
			op.Parameters = append(op.Parameters, Parameter{Name: p.Name, In: p.In, Description: p.Description, Required: p.Required, Schema: p.schema()})
		}
		if rt.Body != nil {
			op.RequestBody = &RequestBody{Required: true, Content: map[string]MediaType{
				"application/json": {Schema: sc.of(reflect.TypeOf(rt.Body))}}}
		}
		ok := Response{Description: http.StatusText(rt.status())}
		if rt.Reponse != nil {
			ok.Content = map[string]MediaType{"application/json": {Schema: sc.of(reflect.TypeOf(rt.Reponse))}}
		}
		if rt.ETag {
			ok.Headers = map[string]Header{"ETag": {Description: "Version de la ressource, à renvoyer dans If-Match pour la modifier.", Required: true, Schema: &Schema{Type: "string"}}}
		}
		if rt.Pagine {
			ok.Headers = map[string]Header{"Link": {Description: "Page suivante (rel=\"next\"), absente sur la dernière page.", Schema: &Schema{Type: "string"}}}
		}
		if rt.status() == http.StatusCreated {
			if ok.Headers == nil {
				ok.Headers = map[string]Header{}
			}
			ok.Headers["Location"] = Header{Description: "Adresse de la ressource créée.", Required: true, Schema: &Schema{Type: "string"}}
		}
		op.Responses[strconv.Itoa(rt.status())] = ok
		for _, st := range rt.errorStatuses() {
			resp := Response{Description: errorDescriptions[st], Content: map[string]MediaType{"application/problem+json": {Schema: problemRef}}}
			switch st {
			case http.StatusUnauthorized:
				resp.Headers = map[string]Header{"WWW-Authenticate": {Description: "Bearer.", Required: true, Schema: &Schema{Type: "string"}}}
			case http.StatusTooManyRequests:
				resp.Headers = map[string]Header{"Retry-After": {Description: "Secondes à attendre.", Required: true, Schema: &Schema{Type: "string"}}}
			}
			op.Responses[strconv.Itoa(st)] = resp
		}
		if rt.Public {
			none := []map[string][]string{}
			op.Security = &none
		}
		path := rt.Path
		if doc.Paths[path] == nil {
			doc.Paths[path] = map[string]Operation{}
		}
		doc.Paths[path][strings.ToLower(rt.Method)] = op
	}
	return doc
}

var tagDescriptions = map[string]string{
	"Annuaire":      "Conseillers entreprises pour l'École et professionnels du réseau, dans le périmètre du jeton.",
	"Référentiels":  "Organisations professionnelles et établissements.",
	"Demandes":      "Demandes des établissements : création, lecture, changement d'état.",
	"Actions":       "Actions réalisées par les CEE.",
	"Jurys":         "Sessions d'examen et jurys (lecture).",
	"Indicateurs":   "Les chiffres du tableau de bord.",
	"Documentation": "Ce document.",
}

var errorDescriptions = map[int]string{
	http.StatusBadRequest:           "Paramètre ou corps illisible.",
	http.StatusUnauthorized:         "Jeton absent, inconnu, révoqué ou expiré, ou compte suspendu.",
	http.StatusForbidden:            "Le rôle du jeton ne permet pas l'opération, ou le jeton est en lecture seule.",
	http.StatusNotFound:             "Ressource inexistante ou hors du périmètre du jeton.",
	http.StatusConflict:             "Changement refusé par les règles (état, auteur).",
	http.StatusPreconditionFailed:   "If-Match ne correspond plus à la version de la ressource : rien n'est modifié.",
	http.StatusUnsupportedMediaType: "Le corps doit être en JSON.",
	http.StatusUnprocessableEntity:  "Données invalides : voir errors, champ par champ.",
	http.StatusPreconditionRequired: "If-Match manquant : lisez la ressource et renvoyez son ETag.",
	http.StatusTooManyRequests:      "Limite de requêtes du jeton atteinte : voir Retry-After.",
	http.StatusInternalServerError:  "Erreur inattendue du service, journalisée : detail donne la référence de la requête (X-Request-Id) à citer au support.",
}

// errorStatuses are the error statuses an operation may answer.
func (rt Route) errorStatuses() []int {
	if rt.Public {
		return nil
	}
	out := []int{http.StatusBadRequest, http.StatusUnauthorized, http.StatusForbidden, http.StatusTooManyRequests, http.StatusInternalServerError}
	if strings.Contains(rt.Path, "{") {
		out = append(out, http.StatusNotFound)
	}
	if rt.Body != nil {
		out = append(out, http.StatusUnsupportedMediaType, http.StatusUnprocessableEntity)
	}
	if rt.IfMatch {
		out = append(out, http.StatusPreconditionFailed, http.StatusPreconditionRequired)
	}
	out = append(out, rt.Erreurs...)
	slices.Sort(out)
	return slices.Compact(out)
}

func (rt Route) status() int {
	if rt.Statut != 0 {
		return rt.Statut
	}
	return http.StatusOK
}

// params adds the pagination parameters to a paginated route's own.
func (rt Route) params() []Param {
	ps := append([]Param(nil), rt.Params...)
	if rt.IfMatch {
		ps = append(ps, Param{Name: "If-Match", In: "header", Required: true, Description: "L'ETag lu avec la ressource."})
	}
	if rt.Pagine {
		ps = append(ps,
			Param{Name: "limite", In: "query", Type: "integer", Description: "Éléments par page, de 1 à " + strconv.Itoa(limiteMax) + " (" + strconv.Itoa(limiteDefaut) + " par défaut)."},
			Param{Name: "curseur", In: "query", Description: "La valeur « suivant » de la page précédente ; opaque."})
	}
	return ps
}

// Param is a parameter of an operation.
type Param struct {
	Name, In, Description string
	Type                  string // string (default), integer, boolean
	Format                string
	Enum                  []string
	Required              bool
}

func (p Param) schema() *Schema {
	s := &Schema{Type: p.Type, Format: p.Format}
	if p.Type == "" {
		s.Type = "string"
	}
	if p.Name == "limite" {
		lo, hi := 1, limiteMax
		s.Minimum, s.Maximum = &lo, &hi
	}
	for _, e := range p.Enum {
		s.Enum = append(s.Enum, e)
	}
	return s
}
