// The section editor page: a draft saved every few seconds (not a revision), a warning
// when leaving with changes that are not saved as a revision.
;(() => {
  const form = document.getElementById("section-form")
  if (!form) return
  const textarea = form.querySelector("textarea[name=text]")
  const status = document.getElementById("draft-status")
  const draftUrl = form.dataset.draftUrl
  const interval = Number(form.dataset.draftInterval || 5000)
  let savedDraft = textarea.value
  let changed = false
  let submitting = false
  let busy = false

  textarea.addEventListener("input", () => {
    changed = true
  })

  const saveDraft = async () => {
    if (busy || !draftUrl || textarea.value === savedDraft) return
    busy = true
    const text = textarea.value
    const body = new FormData()
    body.append("text", text)
    body.append("base_revision", form.querySelector("[name=base_revision]").value)
    body.append("csrfmiddlewaretoken", form.querySelector("[name=csrfmiddlewaretoken]").value)
    try {
      const response = await fetch(draftUrl, { method: "POST", body, credentials: "same-origin" })
      if (response.ok) {
        const data = await response.json()
        savedDraft = text
        if (status) status.textContent = data.message
      } else if (status) {
        status.textContent = status.dataset.failed
      }
    } catch {
      if (status) status.textContent = status.dataset.failed
    } finally {
      busy = false
    }
  }

  window.setInterval(saveDraft, interval)

  form.addEventListener("submit", () => {
    submitting = true
  })
  window.addEventListener("beforeunload", (event) => {
    if (changed && !submitting) {
      event.preventDefault()
      event.returnValue = ""
    }
  })
})()
