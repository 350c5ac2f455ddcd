// A table's columns as hand-written SQL and COPY see them, derived from its generated Prisma model:
// every scalar field under the snake_case of its name, in schema order. Fleet's schema maps each
// field that way (`gpuType @map("gpu_type")`), so the names follow from the model instead of being
// listed again; table-columns.test.ts holds every model to it against the migrated tables.

/** `gpuMemoryUtilization` → `gpu_memory_utilization` (tail-recursive, so long names are fine). */
export type SnakeCase<
  Name extends string,
  Done extends string = "",
> = Name extends `${infer Head}${infer Rest}`
  ? SnakeCase<Rest, `${Done}${Head extends Lowercase<Head> ? Head : `_${Lowercase<Head>}`}`>
  : Done;

export const snakeCase = <Name extends string>(name: Name): SnakeCase<Name> =>
  name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`) as SnakeCase<Name>;

/** A row of a model's table keyed by column name, with the model's field types (what pg reads). */
export type TableRow<Model> = { [Field in keyof Model & string as SnakeCase<Field>]: Model[Field] };

/** The column names of a model's table, from its `Prisma.<Model>ScalarFieldEnum`, in schema order. */
export function tableColumns<Field extends string>(
  scalarFields: Readonly<Record<string, Field>>,
): readonly SnakeCase<Field>[] {
  return Object.values(scalarFields).map(snakeCase);
}
