package plan

// Help says, per column, what goes there: the notes of the plan template's
// headers (docs/plan-columns.md says it at length).
var Help = map[int]string{
	ColDevice:             "The device's name, as MECM or Intune knows it. Required; one row per device.",
	ColSerial:             "The serial number or service tag (optional; for people).",
	ColManufacturer:       "The maker: Dell, HP, Lenovo … (as inventories write it). Checked against OEM media.",
	ColLicensedProduct:    "The product the device is licensed for today, as makplan products lists it: Windows 10 Pro, Windows 11 Home, Office Standard 2016 … Required.",
	ColLicenseChannel:     "How that license was acquired: OEM, Retail, Volume or None (slmgr's OEM:DM, Volume:MAK … are read too). Required. A Volume channel on Windows shows the media, not the license.",
	ColLicensedLanguage:   "The licensed language: en-US, 1033 (an LCID), English, or MUI.",
	ColLicensedArch:       "The licensed architecture: x64 (64-bit), x86 (32-bit) or ARM64.",
	ColLicensedComponents: "Office only: the licensed components (Word, Excel …) when they are not the suite's own.",
	ColTargetProduct:      "The product the device will be reimaged with: Windows 11 Enterprise, Office LTSC Professional Plus 2024 … Required.",
	ColTargetLanguage:     "The image's language; blank keeps the licensed language.",
	ColTargetArch:         "The image's architecture; blank keeps the licensed one.",
	ColTargetComponents:   "Office only: the components the image installs, when not the whole suite.",
	ColMedia:              "Where the image comes from: Volume (Commercial Licensing media, the default), OEM (recovery media) or Retail.",
	ColMediaOEM:           "With OEM media: whose (Dell, HP, Lenovo …).",
	ColOEMImaged:          "With OEM media: whether the device was originally imaged with it (Yes/No).",
	ColEnterpriseUpgrade:  "Yes when a Windows Enterprise Upgrade (or, under an academic agreement, the Education upgrade) was bought for the device through Commercial Licensing.",
	ColSAPerDevice:        "Yes when the device is covered by Software Assurance.",
	ColUserSAUntil:        "The day the primary user's Windows SA per User (or Windows E3/E5) ends, YYYY-MM-DD; Yes when it has no end date.",
	ColAgreement:          "The agreement number whose media is used; it must be listed under agreements: in the configuration.",
	ColActivation:         "How the new image activates: MAK (the default), KMS or AD-based. Only MAK uses the keys' activations.",
	ColWave:               "The rollout wave's name. One wave, one date.",
	ColWaveDate:           "The wave's date, YYYY-MM-DD (or an Excel date).",
	ColKey:                "Optional: the MAK this device must use, whole or its last five characters.",
	ColLocalReactivation:  "Yes when VAMT reactivates the device locally from its stored confirmation ID: no activation used.",
	ColQualifyingOS:       "The Windows license under a Volume image: a product, or the firmware key description ([4.0] Professional OEM:DM) from OA3xOriginalProductKeyDescription.",
	ColStatus:             "Done (or Reimaged, Completed, Yes) when the device is already reimaged; Planned or blank otherwise.",
	ColWin11Capable:       "Yes or No: whether the hardware meets Windows 11's requirements (for the free upgrade).",
	ColOSVersion:          "The installed OS version (10.0.22631): tells the version when the product names none (slmgr's Windows(R), Professional edition).",
}
