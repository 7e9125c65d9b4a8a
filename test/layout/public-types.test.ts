// Every type that an exported function, class or value takes or returns is itself exported from
// one of the entry points, so users can name what they pass and receive. Walks the public
// entries with the TypeScript checker and follows signatures and properties into our own types.
import { join } from 'node:path'
import ts from 'typescript'
import { expect, it } from 'vitest'
import { root } from '../helpers/run-vitest.js'

const ENTRIES = ['index', 'prompt', 'stats', 'deploy', 'fake', 'plugin', 'matchers']

it('every type reachable from a public export is exported too', () => {
  const files = ENTRIES.map(e => join(root, 'src', 'public', `${e}.ts`))
  const program = ts.createProgram(files, { module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, target: ts.ScriptTarget.ES2023, strict: true, skipLibCheck: true, types: ['node'] })
  const checker = program.getTypeChecker()
  const ours = (decl: ts.Declaration) => decl.getSourceFile().fileName.startsWith(join(root, 'src'))

  const exportedNames = new Set<string>()
  const roots: ts.Symbol[] = []
  for (const file of files) {
    const module = checker.getSymbolAtLocation(program.getSourceFile(file)!)!
    for (const symbol of checker.getExportsOfModule(module)) {
      exportedNames.add(symbol.name)
      roots.push(symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol)
    }
  }

  const missing = new Map<string, string>()
  const seen = new Set<ts.Type>()
  const visitType = (type: ts.Type, via: string, depth: number): void => {
    if (depth > 6 || seen.has(type)) return
    seen.add(type)
    const symbol = type.aliasSymbol ?? type.getSymbol()
    const decl = symbol?.declarations?.[0]
    if (symbol && decl && ours(decl) && (ts.isInterfaceDeclaration(decl) || ts.isTypeAliasDeclaration(decl) || ts.isClassDeclaration(decl) || ts.isEnumDeclaration(decl))) {
      if (!exportedNames.has(symbol.name)) missing.set(symbol.name, via)
    }
    else if (symbol && decl && !ours(decl)) return // vitest's, zod's, openai's own types
    if (type.isUnionOrIntersection()) type.types.forEach(t => visitType(t, via, depth + 1))
    for (const arg of checker.getTypeArguments(type as ts.TypeReference) ?? []) visitType(arg, via, depth + 1)
    for (const signature of [...type.getCallSignatures(), ...type.getConstructSignatures()]) visitSignature(signature, via, depth + 1)
    if (symbol && decl && ours(decl)) {
      for (const property of type.getProperties()) {
        const declaration = property.valueDeclaration ?? property.declarations?.[0]
        const hidden = declaration && (ts.getCombinedModifierFlags(declaration) & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected))
        if (declaration && !hidden) visitType(checker.getTypeOfSymbolAtLocation(property, declaration), `${via}.${property.name}`, depth + 1)
      }
    }
  }
  const visitSignature = (signature: ts.Signature, via: string, depth: number) => {
    for (const parameter of signature.getParameters()) {
      const declaration = parameter.valueDeclaration ?? parameter.declarations?.[0]
      if (declaration) visitType(checker.getTypeOfSymbolAtLocation(parameter, declaration), `${via}(${parameter.name})`, depth)
    }
    visitType(signature.getReturnType(), `${via}()`, depth)
  }
  for (const symbol of roots) {
    const declaration = symbol.valueDeclaration ?? symbol.declarations?.[0]
    if (!declaration) continue
    const type = symbol.flags & (ts.SymbolFlags.Interface | ts.SymbolFlags.TypeAlias) ? checker.getDeclaredTypeOfSymbol(symbol) : checker.getTypeOfSymbolAtLocation(symbol, declaration)
    visitType(type, symbol.name, 0)
  }
  expect(Object.fromEntries(missing)).toEqual({})
}, 60_000)
