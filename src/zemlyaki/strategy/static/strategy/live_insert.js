// The live-insert node of the strategy's visual editor: a table (or chart) of current
// platform data, stored as <div data-insert="table:bodies"></div>, shown in the editor
// as the table itself and added from the menu «Вставить таблицу». Nobody types it.
import { mergeAttributes, Node, updateAttrsDialog } from "django-prose-editor/editor"

const settings = () => {
  const element = document.getElementById("live-inserts")
  return element ? JSON.parse(element.textContent) : { preview: "", choices: [] }
}

const previews = new Map()

const preview = (key) => {
  if (!previews.has(key)) {
    const { preview: url } = settings()
    const request = url
      ? fetch(`${url}?key=${encodeURIComponent(key)}`, {
          credentials: "same-origin",
          headers: { "X-Requested-With": "fetch" },
        }).then((response) => (response.ok ? response.text() : ""))
      : Promise.resolve("")
    previews.set(key, request)
  }
  return previews.get(key)
}

const labelOf = (key) => {
  const found = settings().choices.find((choice) => choice.key === key)
  return found ? found.label : key
}

export const LiveInsert = Node.create({
  name: "liveInsert",
  group: "block",
  atom: true,
  selectable: true,
  draggable: true,

  addAttributes() {
    return {
      key: {
        default: null,
        parseHTML: (element) => element.getAttribute("data-insert"),
        renderHTML: (attributes) => ({ "data-insert": attributes.key }),
      },
    }
  },

  parseHTML() {
    return [{ tag: "div[data-insert]" }]
  },

  renderHTML({ HTMLAttributes }) {
    return ["div", mergeAttributes(HTMLAttributes)]
  },

  addNodeView() {
    return ({ node }) => {
      const dom = document.createElement("div")
      dom.className = "live-insert live-insert--editor"
      dom.contentEditable = "false"
      dom.dataset.insert = node.attrs.key
      const label = document.createElement("p")
      label.className = "live-insert__label"
      label.textContent = `${labelOf(node.attrs.key)} — живая таблица, обновляется сама`
      const body = document.createElement("div")
      body.className = "live-insert__body"
      body.textContent = "Загружаю таблицу…"
      dom.append(label, body)
      preview(node.attrs.key).then((html) => {
        // the server renders the insert from its own data and escapes every value
        body.innerHTML = html || ""
      })
      return { dom }
    }
  },

  addMenuItems({ buttons, menu }) {
    menu.defineItem({
      name: "liveInsert",
      groups: "table",
      button: buttons.text("Вставить таблицу", "Вставить таблицу с данными платформы"),
      command(editor) {
        const choices = settings().choices
        if (!choices.length) return
        const dialog = updateAttrsDialog(
          {
            label: {
              title: "Таблица",
              enum: choices.map((choice) => choice.label),
              default: choices[0].label,
            },
          },
          { title: "Вставить таблицу", submitText: "Вставить" },
        )
        dialog(editor, {}).then((attrs) => {
          if (!attrs) return
          const choice = choices.find((c) => c.label === attrs.label)
          if (!choice) return
          editor
            .chain()
            .focus()
            .insertContent({ type: "liveInsert", attrs: { key: choice.key } })
            .run()
        })
      },
    })
  },
})
