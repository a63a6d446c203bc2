// Progressive enhancement: a <select data-module="app-autocomplete"> becomes GOV.UK's
// accessible autocomplete (static/vendor/accessible-autocomplete, loaded before this module).
// Without scripts the select works as it is.
const enhance = window.accessibleAutocomplete && window.accessibleAutocomplete.enhanceSelectElement;
if (enhance) {
  for (const select of document.querySelectorAll('select[data-module="app-autocomplete"]')) {
    enhance({
      selectElement: select,
      defaultValue: "",
      minLength: 2,
      showNoOptionsFound: true,
      tNoResults: () => "No organisation found",
      tStatusQueryTooShort: (minLength) => `Type ${minLength} or more letters to see organisations`,
    });
  }
}
