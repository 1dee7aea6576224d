package planner

// Device is one row of a reimaging plan: the license the device holds today,
// the image that will be put on it, and how that image will be activated.
type Device struct {
	Source       Source
	Name         string
	Serial       string
	Manufacturer string // normalised (Dell, HP, Lenovo …)

	Licensed   Image   // the license the device holds today
	Channel    Channel // how that license was acquired
	Target     Image   // what will be put on the device
	Media      Media
	MediaOEM   string // the OEM whose media is used, when Media is OEM
	Modified   bool   // the OEM media was modified before use
	OEMImaged  bool   // the device was originally imaged with MediaOEM's media
	HasOEMFlag bool   // the plan said whether the device was originally OEM imaged

	EnterpriseUpgrade bool // a Windows Enterprise Upgrade bought through Commercial Licensing
	SAPerDevice       bool // Software Assurance per device
	UserSAUntil       Date // end of the primary user's SA per User; zero when none

	Agreement         string
	Activation        Activation
	Wave              string
	WaveDate          Date
	Key               KeyRef
	LocalReactivation bool
}

// Image is a product as installed: product, language, architecture and, for
// Office, the component set (nil means the suite's built-in set).
type Image struct {
	// Prod is the product, shared between the devices that name the same
	// one (plans hold a million rows and a few dozen products); nil means none.
	Prod       *Product
	Language   string
	Arch       Arch
	Components []string
}

// Product returns the image's product (the zero Product when none was given).
func (i Image) Product() Product {
	if i.Prod == nil {
		return Product{}
	}
	return *i.Prod
}

// ImageOf returns an image of product p.
func ImageOf(p Product) Image { return Image{Prod: &p} }

// KeyType is the kind of volume key.
type KeyType string

// The key types of the VLSC export; only MAKs carry activation capacity.
const (
	KeyMAK   KeyType = "MAK"
	KeyKMS   KeyType = "KMS"
	KeyVL    KeyType = "VL Key"
	KeyOther KeyType = "Other"
)

// Key is one product key from the exports, merged over every row and file
// that names it.
type Key struct {
	Key          ProductKey
	Type         KeyType
	Products     []Product
	Agreements   []string // Parent Program and License ID
	Organization string
	Limit        *int // nil when the export gives only a remaining count
	Used         *int
	Remaining    int
	AsOf         Date
	Sources      []Source
}

// CanServe reports whether k is a MAK that may activate d's target: k is a
// MAK, it belongs to d's agreement (a key or device without one matches any),
// one of its products covers the target, and d's Key column, if any, names it.
func (k *Key) CanServe(d *Device) bool {
	if k.Type != KeyMAK {
		return false
	}
	if !d.Key.IsZero() && !d.Key.Matches(k.Key) {
		return false
	}
	if d.Agreement != "" && len(k.Agreements) > 0 && !contains(k.Agreements, d.Agreement) {
		return false
	}
	for _, p := range k.Products {
		if Covers(p, d.Target.Product()) {
			return true
		}
	}
	return false
}

// ProductNames returns the canonical names of the key's products.
func (k *Key) ProductNames() []string {
	out := make([]string, 0, len(k.Products))
	for _, p := range k.Products {
		out = appendUnique(out, p.Name())
	}
	return out
}
