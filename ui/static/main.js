// Loads the Leptos UI; if WebAssembly fails to load, says so instead of a blank page.
import init from './shopbench_ui.js';
init().catch((e) => {
  document.body.innerHTML =
    '<main><div class="error" role="alert"><strong>The shopbench UI failed to start</strong><p></p></div></main>';
  document.querySelector('.error p').textContent = String(e);
});
