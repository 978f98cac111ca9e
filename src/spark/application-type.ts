/** The language of a Spark application (the operator's `spec.type`). */
export enum SparkApplicationType {
  /** A Java application (a jar with a main class). */
  JAVA = 'Java',
  /** A Scala application (a jar with a main class). */
  SCALA = 'Scala',
  /** A PySpark application (a .py file). */
  PYTHON = 'Python',
  /** A SparkR application (a .R file). */
  R = 'R',
}
