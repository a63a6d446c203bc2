// Progressive enhancement: a <select data-module="autocomplete"> becomes GOV.UK's accessible
// autocomplete (static/vendor/accessible-autocomplete); without JavaScript it stays a select.
const autocomplete = window.accessibleAutocomplete;
if (autocomplete && autocomplete.enhanceSelectElement) {
  for (const select of document.querySelectorAll('select[data-module="autocomplete"]')) {
    const chosen = select.options[select.selectedIndex];
    autocomplete.enhanceSelectElement({
      selectElement: select,
      defaultValue: chosen && chosen.value ? chosen.text : "",
      showAllValues: true,
      tNoResults: () => "No organisation on this Compact's list matches",
    });
  }
}
